package dev.selfheal.config.archfixture;

/** Fixture: a configuration reader class using core, which the agent (outside core) could then not share. */
public class ConfigUsingCore {
    /** Breaks "config depends on spi and SnakeYAML only". */
    public Object core() {
        return new dev.selfheal.core.archfixture.CoreThing();
    }
}
