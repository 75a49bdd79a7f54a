package dev.selfheal.provider.archfixture;

/** Fixture: a provider that uses core and another provider. */
public class BadProvider {
    /** Breaks "providers depend on spi only". */
    public Object core() {
        return new dev.selfheal.core.archfixture.CoreThing();
    }

    /** Breaks "providers do not depend on each other". */
    public Object other() {
        return new dev.selfheal.provider.otherfixture.OtherProvider();
    }
}
