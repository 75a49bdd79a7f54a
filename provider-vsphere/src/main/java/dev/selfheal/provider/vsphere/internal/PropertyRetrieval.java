package dev.selfheal.provider.vsphere.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds {@code RetrievePropertiesEx} requests and reads their answers, including paging tokens and the
 * faults a server reports per property in {@code missingSet} (vcsim reports an expired session there).
 */
final class PropertyRetrieval {

    /** One page of results and the token for the next, if any. */
    record Page(List<ObjectContent> objects, Optional<String> token) {
    }

    private PropertyRetrieval() {
    }

    /** Reads {@code paths} of one object. */
    static SoapRequest retrieve(MoRef collector, MoRef obj, List<String> paths) {
        return SoapRequest.of("RetrievePropertiesEx", collector, w -> {
            w.start("specSet");
            propSet(w, obj.type(), paths);
            w.start("objectSet").moRef("obj", obj).bool("skip", false).end();
            w.end().start("options").end();
        });
    }

    /** Reads {@code paths} of every object of {@code type} in a container view. */
    static SoapRequest retrieveFromView(MoRef collector, MoRef view, String type, List<String> paths) {
        return SoapRequest.of("RetrievePropertiesEx", collector, w -> {
            w.start("specSet");
            propSet(w, type, paths);
            w.start("objectSet").moRef("obj", view).bool("skip", true)
                    .start("selectSet", "TraversalSpec").text("name", "view").text("type", "ContainerView")
                    .text("path", "view").bool("skip", false).end()
                    .end();
            w.end().start("options").end();
        });
    }

    /** The next page of an earlier retrieval. */
    static SoapRequest next(MoRef collector, String token) {
        return SoapRequest.of("ContinueRetrievePropertiesEx", collector, w -> w.text("token", token));
    }

    private static void propSet(XmlWriter w, String type, List<String> paths) {
        w.start("propSet").text("type", type);
        paths.forEach(p -> w.text("pathSet", p));
        w.end();
    }

    /**
     * Reads an answer.
     *
     * @throws VimFaultException when the server reported a fault for a property (such as {@code NotAuthenticated})
     */
    static Page parse(String method, XmlNode response) {
        Optional<XmlNode> ret = response.child("returnval");
        if (ret.isEmpty()) {
            return new Page(List.of(), Optional.empty());
        }
        List<ObjectContent> out = new ArrayList<>();
        for (XmlNode o : ret.get().children("objects")) {
            for (XmlNode missing : o.children("missingSet")) {
                Optional<XmlNode> fault = missing.child("fault");
                if (fault.isPresent()) {
                    throw new VimFaultException(method, VimFault.fromLocalizedMethodFault(fault.get()),
                            "reading " + missing.text("path").orElse("?") + " of " + o.text("obj").orElse("?"));
                }
            }
            Map<String, XmlNode> props = new LinkedHashMap<>();
            for (XmlNode p : o.children("propSet")) {
                p.child("val").ifPresent(v -> props.put(p.text("name").orElse(""), v));
            }
            out.add(new ObjectContent(o.child("obj").orElseThrow().asMoRef(), props));
        }
        return new Page(out, ret.get().text("token"));
    }
}
