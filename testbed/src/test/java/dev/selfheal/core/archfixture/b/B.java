package dev.selfheal.core.archfixture.b;

/** Fixture: the other half of a package cycle. */
public class B {
    /** Uses a. */
    public dev.selfheal.core.archfixture.a.A a() {
        return new dev.selfheal.core.archfixture.a.A();
    }
}
