package dev.selfheal.core.archfixture;

/** Fixture: a core class. */
public class CoreThing {
    /** Uses a provider: breaks "core depends on no provider". */
    public Object provider() {
        return new dev.selfheal.provider.otherfixture.OtherProvider();
    }
}
