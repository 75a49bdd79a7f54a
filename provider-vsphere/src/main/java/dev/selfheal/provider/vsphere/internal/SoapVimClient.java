package dev.selfheal.provider.vsphere.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link VimClient} over vim25 SOAP with a {@link VimSession}. Thread-safe. */
public final class SoapVimClient implements VimClient {

    private static final Logger LOG = LoggerFactory.getLogger(SoapVimClient.class);

    private static final List<String> TASK_PATHS = List.of("info.state", "info.error", "info.result");
    private static final Set<String> TASK_DONE = Set.of("success", "error");

    private final VimSession session;
    private final UpdateWaiter waiter;

    /** A client for {@code endpoint}; it logs in on the first call. */
    public SoapVimClient(VimEndpoint endpoint) {
        this.session = new VimSession(endpoint);
        this.waiter = new UpdateWaiter(session, endpoint.clock());
    }

    /** The session, for calls this interface does not cover. */
    public VimSession session() {
        return session;
    }

    @Override
    public Optional<MoRef> findVmByUuid(String biosUuid, MoRef datacenter) {
        ServiceContent sc = session.serviceContent();
        return session.invoke(SoapRequest.of("FindByUuid", sc.searchIndex(), w -> w.moRef("datacenter", datacenter)
                .text("uuid", biosUuid).bool("vmSearch", true).bool("instanceUuid", false)), SoapVimClient::optionalRef);
    }

    @Override
    public Optional<MoRef> findByInventoryPath(String path) {
        ServiceContent sc = session.serviceContent();
        return session.invoke(SoapRequest.of("FindByInventoryPath", sc.searchIndex(),
                w -> w.text("inventoryPath", path)), SoapVimClient::optionalRef);
    }

    @Override
    public List<MoRef> findVmsByName(String name, MoRef container) {
        ServiceContent sc = session.serviceContent();
        MoRef view = session.invoke(SoapRequest.of("CreateContainerView", sc.viewManager(), w -> w
                .moRef("container", container != null ? container : sc.rootFolder())
                .text("type", "VirtualMachine").bool("recursive", true)), r -> r.child("returnval").orElseThrow().asMoRef());
        try {
            List<MoRef> found = new ArrayList<>();
            PropertyRetrieval.Page page = session.invoke(PropertyRetrieval.retrieveFromView(sc.propertyCollector(), view,
                    "VirtualMachine", List.of("name")), r -> PropertyRetrieval.parse("RetrievePropertiesEx", r));
            while (true) {
                page.objects().stream().filter(o -> o.text("name").map(name::equals).orElse(false))
                        .forEach(o -> found.add(o.obj()));
                if (page.token().isEmpty()) {
                    return found;
                }
                page = session.invoke(PropertyRetrieval.next(sc.propertyCollector(), page.token().get()),
                        r -> PropertyRetrieval.parse("ContinueRetrievePropertiesEx", r));
            }
        } finally {
            destroyView(view);
        }
    }

    private void destroyView(MoRef view) {
        try {
            session.invoke(SoapRequest.of("DestroyView", view), r -> r);
        } catch (VimException e) {
            LOG.debug("DestroyView {} failed (views end with the session): {}", session.redactor().redact(view.value()),
                    e.getMessage());
        }
    }

    @Override
    public boolean exists(MoRef object) {
        ServiceContent sc = session.serviceContent();
        try {
            return !session.invoke(PropertyRetrieval.retrieve(sc.propertyCollector(), object, List.of("name")),
                    r -> PropertyRetrieval.parse("RetrievePropertiesEx", r)).objects().isEmpty();
        } catch (VimFaultException e) {
            if (e.is("ManagedObjectNotFound")) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public VmSnapshot vm(MoRef vm) {
        ServiceContent sc = session.serviceContent();
        List<ObjectContent> objects = session.invoke(PropertyRetrieval.retrieve(sc.propertyCollector(), vm, VmSnapshot.PATHS),
                r -> PropertyRetrieval.parse("RetrievePropertiesEx", r)).objects();
        if (objects.isEmpty()) {
            throw new VimFaultException("RetrievePropertiesEx", new VimFault("ManagedObjectNotFound",
                    "the object is not in the inventory", Map.of("obj", vm.value())), "reading " + vm);
        }
        return VmSnapshot.from(objects.get(0));
    }

    @Override
    public void resetVm(VmSnapshot vm, Duration limit) {
        runTask("ResetVM_Task", vm, w -> { }, limit);
    }

    @Override
    public void powerOffVm(VmSnapshot vm, Duration limit) {
        runTask("PowerOffVM_Task", vm, w -> { }, limit);
    }

    @Override
    public void powerOnVm(VmSnapshot vm, Duration limit) {
        runTask("PowerOnVM_Task", vm, w -> { }, limit);
    }

    @Override
    public void destroyVm(VmSnapshot vm, Duration limit) {
        runTask("Destroy_Task", vm, w -> { }, limit);
    }

    @Override
    public void removeDisks(VmSnapshot vm, List<VirtualDiskDevice> disks, Duration limit) {
        runTask("ReconfigVM_Task", vm, w -> {
            w.start("spec");
            for (VirtualDiskDevice d : disks) {
                w.start("deviceChange").text("operation", "remove").raw(d.xml()).end();
            }
            w.end();
        }, limit);
    }

    @Override
    public MoRef cloneVm(VmSnapshot source, CloneSpec spec, Duration limit) {
        Optional<XmlNode> result = runTask("CloneVM_Task", source, w -> w.moRef("folder", spec.folder())
                .text("name", spec.name())
                .start("spec")
                .start("location").moRef("datastore", spec.datastore()).moRef("pool", spec.pool()).end()
                .bool("template", false)
                .start("config").text("uuid", spec.biosUuid()).end()
                .bool("powerOn", false)
                .end(), limit);
        return result.map(XmlNode::asMoRef).orElseThrow(() -> new VimTransportException("CloneVM_Task",
                VimTransportException.Kind.PROTOCOL, "the clone task of " + source.describe() + " returned no VM", null));
    }

    @Override
    public void renameVm(VmSnapshot vm, String newName, Duration limit) {
        runTask("Rename_Task", vm, w -> w.text("newName", newName), limit);
    }

    @Override
    public void awaitPowerState(VmSnapshot vm, String wanted, Duration limit) {
        waiter.await(new UpdateWaiter.Wait("PowerState", "runtime.powerState of " + vm.describe() + " to become " + wanted,
                vm.ref(), List.of("runtime.powerState"),
                m -> m.containsKey("runtime.powerState") && wanted.equals(m.get("runtime.powerState").text()),
                m -> "runtime.powerState=" + Optional.ofNullable(m.get("runtime.powerState")).map(XmlNode::text).orElse("?")),
                limit);
    }

    @Override
    public boolean keepAlive() {
        return session.keepAlive();
    }

    @Override
    public void close() {
        session.close();
    }

    private Optional<XmlNode> runTask(String method, VmSnapshot vm, Consumer<XmlWriter> params, Duration limit) {
        MoRef task = session.invoke(SoapRequest.of(method, vm.ref(), params), r -> r.child("returnval").orElseThrow(() ->
                new VimTransportException(method, VimTransportException.Kind.PROTOCOL, "no task returned", null)).asMoRef());
        Map<String, XmlNode> info = waiter.await(new UpdateWaiter.Wait(method, "task " + task.value() + " on " + vm.describe(),
                task, TASK_PATHS, m -> m.containsKey("info.state") && TASK_DONE.contains(m.get("info.state").text()),
                m -> "info.state=" + Optional.ofNullable(m.get("info.state")).map(XmlNode::text).orElse("?")), limit);
        if ("error".equals(info.get("info.state").text())) {
            VimFault fault = Optional.ofNullable(info.get("info.error")).map(VimFault::fromLocalizedMethodFault)
                    .orElseGet(() -> new VimFault("UnknownFault", "the task reported no error details", Map.of()));
            throw new VimTaskFailedException(method, task, fault.redacted(session.redactor()), vm.describe());
        }
        return Optional.ofNullable(info.get("info.result"));
    }

    private static Optional<MoRef> optionalRef(XmlNode response) {
        return response.child("returnval").map(XmlNode::asMoRef);
    }

    @Override
    public String toString() {
        return "SoapVimClient[" + session.endpoint() + "]";
    }
}
