package dev.selfheal.protocol.archfixture;

/** Fixture: a protocol class using core: breaks "protocol depends on the JDK only". */
public class ProtocolUsingCore {
    /** Uses core. */
    public Object core() {
        return new dev.selfheal.core.archfixture.CoreThing();
    }
}
