package dev.selfheal.core.archfixture.a;

/** Fixture: half of a package cycle. */
public class A {
    /** Uses b. */
    public dev.selfheal.core.archfixture.b.B b() {
        return new dev.selfheal.core.archfixture.b.B();
    }
}
