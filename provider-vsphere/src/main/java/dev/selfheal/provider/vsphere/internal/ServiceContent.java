package dev.selfheal.provider.vsphere.internal;

/**
 * The parts of a vCenter's {@code ServiceContent} this client uses.
 *
 * @param rootFolder the inventory root
 * @param propertyCollector the session's property collector
 * @param viewManager the view manager (container views for lookups by name)
 * @param sessionManager the session manager
 * @param searchIndex the search index (lookups by uuid and inventory path)
 * @param apiVersion the server's API version, such as {@code 8.0.3.0}
 * @param fullName the server's product name and build
 */
public record ServiceContent(MoRef rootFolder, MoRef propertyCollector, MoRef viewManager, MoRef sessionManager,
                             MoRef searchIndex, String apiVersion, String fullName) {

    static ServiceContent from(XmlNode response) {
        XmlNode r = response.child("returnval").orElseThrow(() -> new VimTransportException("RetrieveServiceContent",
                VimTransportException.Kind.PROTOCOL, "no returnval in the answer", null));
        return new ServiceContent(ref(r, "rootFolder"), ref(r, "propertyCollector"), ref(r, "viewManager"),
                ref(r, "sessionManager"), ref(r, "searchIndex"), r.text("about", "apiVersion").orElse("6.5"),
                r.text("about", "fullName").orElse("unknown"));
    }

    private static MoRef ref(XmlNode r, String name) {
        return r.child(name).map(XmlNode::asMoRef).orElseThrow(() -> new VimTransportException("RetrieveServiceContent",
                VimTransportException.Kind.PROTOCOL, "the service content has no " + name, null));
    }
}
