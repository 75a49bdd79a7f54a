package dev.selfheal.provider.vsphere.internal;

import java.util.Map;
import java.util.Optional;

/**
 * The properties read of one managed object.
 *
 * @param obj the object
 * @param properties the values by property path; a path the server returned without value is absent
 */
public record ObjectContent(MoRef obj, Map<String, XmlNode> properties) {

    /** Copies the map. */
    public ObjectContent {
        properties = Map.copyOf(properties);
    }

    /** A property's value element. */
    public Optional<XmlNode> get(String path) {
        return Optional.ofNullable(properties.get(path));
    }

    /** A property's text, when present. */
    public Optional<String> text(String path) {
        return get(path).map(XmlNode::text);
    }
}
