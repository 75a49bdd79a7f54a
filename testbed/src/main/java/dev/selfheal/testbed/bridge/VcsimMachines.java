package dev.selfheal.testbed.bridge;

import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.vsphere.Vcsim;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.w3c.dom.Element;

/**
 * The virtual machines of a vcsim as machines, read with one vim25 {@code RetrievePropertiesEx} over a
 * container view ({@code name}, {@code config.uuid}, {@code config.template}, {@code runtime.powerState}).
 * Templates are never nodes. A VM's Node is named by the VM name in lower case with {@code _} as {@code -},
 * has the providerID {@code vsphere://<bios-uuid>} and the label {@value Ec2Machines#POOL_LABEL}. Running
 * means {@code poweredOn}. A VM re-created under the same name has a new uuid, so it is a new machine.
 */
public final class VcsimMachines implements MachineSource {

    private final VimSession session;
    private final String pool;
    private final Predicate<String> isNode;
    private String view;

    private VcsimMachines(Vcsim vc, String pool, Predicate<String> isNode) {
        this.session = new VimSession(vc);
        this.pool = pool;
        this.isNode = isNode;
    }

    /** Every VM of {@code vc} (templates excepted) is a node of pool {@code pool}. */
    public static VcsimMachines of(Vcsim vc, String pool) {
        return of(vc, pool, name -> true);
    }

    /** The VMs of {@code vc} whose name passes {@code isNode} are nodes of pool {@code pool}. */
    public static VcsimMachines of(Vcsim vc, String pool, Predicate<String> isNode) {
        return new VcsimMachines(vc, pool, isNode);
    }

    /** The key of a VM's machine. */
    public static String key(String biosUuid) {
        return "vsphere:" + biosUuid.toLowerCase(Locale.ROOT);
    }

    /** The Node name of a VM. */
    public static String nodeName(String vmName) {
        return vmName.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public String name() {
        return "vcsim";
    }

    @Override
    public synchronized List<ObservedMachine> observe() {
        List<ObservedMachine> out = new ArrayList<>();
        for (Map<String, String> vm : vms()) {
            String name = vm.get("name");
            if (name == null || vm.get("config.uuid") == null || "true".equals(vm.get("config.template")) || !isNode.test(name)) {
                continue;
            }
            String uuid = vm.get("config.uuid").toLowerCase(Locale.ROOT);
            out.add(new ObservedMachine(key(uuid), nodeName(name), "vsphere://" + uuid,
                    "poweredOn".equals(vm.get("runtime.powerState")), Map.of(Ec2Machines.POOL_LABEL, pool), Map.of()));
        }
        return out;
    }

    /**
     * Turns a VM into a template (the golden image re-created VMs are cloned from): powers it off, waits until
     * vcsim reports it off (at most 30 s), then {@code MarkAsTemplate}.
     */
    public synchronized void markAsTemplate(String vmName) {
        String moRef = power(vmName, "PowerOffVM_Task", "poweredOff");
        session.invoke("<urn:MarkAsTemplate><urn:_this type=\"VirtualMachine\">" + moRef + "</urn:_this></urn:MarkAsTemplate>");
    }

    /** Powers a VM off ({@code PowerOffVM_Task}) and waits until vcsim reports it off (at most 30 s). */
    public synchronized void powerOff(String vmName) {
        power(vmName, "PowerOffVM_Task", "poweredOff");
    }

    /** Powers a VM on ({@code PowerOnVM_Task}) and waits until vcsim reports it on (at most 30 s). */
    public synchronized void powerOn(String vmName) {
        power(vmName, "PowerOnVM_Task", "poweredOn");
    }

    /**
     * Removes a VM from the inventory out of band, as an administrator would: powers it off, {@code Destroy_Task}, and
     * waits until vcsim no longer lists it (at most 30 s).
     */
    public synchronized void destroy(String vmName) {
        String moRef = power(vmName, "PowerOffVM_Task", "poweredOff");
        session.invoke("<urn:Destroy_Task><urn:_this type=\"VirtualMachine\">" + moRef + "</urn:_this></urn:Destroy_Task>");
        Await.until("VM " + vmName + " removed", Duration.ofSeconds(30), () -> vms().stream()
                .noneMatch(v -> moRef.equals(v.get("_moref"))));
    }

    private String power(String vmName, String method, String state) {
        String moRef = vms().stream().filter(v -> vmName.equals(v.get("name"))).map(v -> v.get("_moref")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no VM named " + vmName));
        session.invoke("<urn:" + method + "><urn:_this type=\"VirtualMachine\">" + moRef + "</urn:_this></urn:" + method + ">");
        Await.until("VM " + vmName + " " + state, Duration.ofSeconds(30), () -> vms().stream()
                .anyMatch(v -> moRef.equals(v.get("_moref")) && state.equals(v.get("runtime.powerState"))));
        return moRef;
    }

    private List<Map<String, String>> vms() {
        if (view == null) {
            view = createView();
        }
        Element body;
        try {
            body = session.invoke(retrieve(view));
        } catch (IllegalStateException e) {
            view = null; // a restarted vcsim forgets the view with the session
            throw e;
        }
        List<Map<String, String>> out = new ArrayList<>();
        for (Element obj : VimSession.children(VimSession.first(body, "returnval"), "objects")) {
            Map<String, String> props = new HashMap<>();
            props.put("_moref", VimSession.first(obj, "obj").getTextContent().trim());
            for (Element p : VimSession.children(obj, "propSet")) {
                props.put(VimSession.first(p, "name").getTextContent().trim(), VimSession.first(p, "val").getTextContent().trim());
            }
            out.add(props);
        }
        return out;
    }

    private String createView() {
        Element body = session.invoke("<urn:RetrieveServiceContent><urn:_this type=\"ServiceInstance\">ServiceInstance"
                + "</urn:_this></urn:RetrieveServiceContent>");
        Element root = VimSession.first(body, "rootFolder");
        Element views = VimSession.first(body, "viewManager");
        Element created = session.invoke("<urn:CreateContainerView><urn:_this type=\"ViewManager\">" + views.getTextContent().trim()
                + "</urn:_this><urn:container type=\"Folder\">" + root.getTextContent().trim() + "</urn:container>"
                + "<urn:type>VirtualMachine</urn:type><urn:recursive>true</urn:recursive></urn:CreateContainerView>");
        return VimSession.first(created, "returnval").getTextContent().trim();
    }

    private static String retrieve(String view) {
        StringBuilder paths = new StringBuilder();
        for (String p : List.of("name", "config.uuid", "config.template", "runtime.powerState")) {
            paths.append("<urn:pathSet>").append(p).append("</urn:pathSet>");
        }
        return "<urn:RetrievePropertiesEx><urn:_this type=\"PropertyCollector\">propertyCollector</urn:_this><urn:specSet>"
                + "<urn:propSet><urn:type>VirtualMachine</urn:type>" + paths + "</urn:propSet>"
                + "<urn:objectSet><urn:obj type=\"ContainerView\">" + VimSession.escape(view) + "</urn:obj><urn:skip>true</urn:skip>"
                + "<urn:selectSet xsi:type=\"urn:TraversalSpec\"><urn:name>view</urn:name><urn:type>ContainerView</urn:type>"
                + "<urn:path>view</urn:path><urn:skip>false</urn:skip></urn:selectSet></urn:objectSet>"
                + "</urn:specSet><urn:options/></urn:RetrievePropertiesEx>";
    }
}
