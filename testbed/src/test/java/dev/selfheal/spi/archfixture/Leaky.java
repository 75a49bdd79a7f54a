package dev.selfheal.spi.archfixture;

/** Fixture: an SPI class reaching into core's internals. */
public class Leaky {
    /** Breaks "spi depends on nothing of ours" and "internal stays internal". */
    public Object hidden() {
        return new dev.selfheal.core.archfixture.internal.Hidden();
    }
}
