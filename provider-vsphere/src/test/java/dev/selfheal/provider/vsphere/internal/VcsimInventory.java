package dev.selfheal.provider.vsphere.internal;

import dev.selfheal.spi.Secret;
import dev.selfheal.testbed.vsphere.Vcsim;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test set-up on a real vcsim through an administrator session of the vim25 client: fresh VMs cloned from
 * the default inventory (so tests do not share VMs), data disks in a {@code kubevols} folder, templates,
 * disk existence checks and session removal.
 */
public final class VcsimInventory implements AutoCloseable {

    /** The VM of vcsim's default inventory that fresh VMs are cloned from. */
    public static final String SEED_VM = "DC0_H0_VM0";
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final SoapVimClient client;
    private final VimSession session;

    /** An administrator session to {@code vc}, verifying its TLS certificate. */
    public VcsimInventory(Vcsim vc) {
        this.client = new SoapVimClient(new VimEndpoint(vc.url(), vc.username(), Secret.of(vc.password()),
                vc.sslContext(), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ZERO, Clock.systemUTC()));
        this.session = client.session();
    }

    /** The administrator's client. */
    public SoapVimClient client() {
        return client;
    }

    /** The only VM named {@code name}. */
    public VmSnapshot vm(String name) {
        List<MoRef> found = client.findVmsByName(name, null);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " VMs named " + name + ": " + found);
        }
        return client.vm(found.get(0));
    }

    /** The VMs named {@code name}. */
    public List<MoRef> vmsNamed(String name) {
        return client.findVmsByName(name, null);
    }

    /** Whether a VM with this BIOS uuid exists. */
    public boolean exists(String biosUuid) {
        return client.findVmByUuid(biosUuid, null).isPresent();
    }

    /** A new running VM cloned from {@link #SEED_VM}, with a unique name starting with {@code prefix}. */
    public VmSnapshot freshVm(String prefix) {
        VmSnapshot seed = vm(SEED_VM);
        String name = prefix + "-" + COUNTER.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6);
        MoRef ref = client.cloneVm(seed, new CloneSpec(name, seed.parent(), seed.resourcePool(), null,
                UUID.randomUUID().toString()), LIMIT);
        VmSnapshot vm = client.vm(ref);
        client.powerOnVm(vm, LIMIT);
        return client.vm(ref);
    }

    /** A template named {@code name}, cloned from {@link #SEED_VM}, unless one exists. */
    public VmSnapshot template(String name) {
        List<MoRef> existing = client.findVmsByName(name, null);
        if (!existing.isEmpty()) {
            return client.vm(existing.get(0));
        }
        VmSnapshot seed = vm(SEED_VM);
        MoRef task = session.invoke(SoapRequest.of("CloneVM_Task", seed.ref(), w -> w.moRef("folder", seed.parent())
                .text("name", name).start("spec").start("location").moRef("pool", seed.resourcePool()).end()
                .bool("template", true).bool("powerOn", false).end()), r -> r.child("returnval").orElseThrow().asMoRef());
        awaitTask(task);
        return vm(name);
    }

    /** Creates a 1 MiB disk file {@code [LocalDS_0] <path>} and attaches it to {@code vm} on SCSI unit {@code unit}. */
    public String addDataDisk(VmSnapshot vm, String path, int unit) {
        String file = "[LocalDS_0] " + path;
        int controller = vm.disks().get(0).controllerKey();
        String dir = file.substring(0, file.lastIndexOf('/'));
        session.invoke(SoapRequest.of("MakeDirectory", MoRef.of("FileManager", "FileManager"), w -> w.text("name", dir)
                .moRef("datacenter", datacenter()).bool("createParentDirectories", true)), r -> r);
        MoRef task = session.invoke(SoapRequest.of("ReconfigVM_Task", vm.ref(), w -> w.start("spec")
                .start("deviceChange").text("operation", "add").text("fileOperation", "create")
                .start("device", "VirtualDisk").number("key", -1)
                .start("backing", "VirtualDiskFlatVer2BackingInfo").text("fileName", file).text("diskMode", "persistent")
                .bool("thinProvisioned", true).end()
                .number("controllerKey", controller).number("unitNumber", unit).number("capacityInKB", 1024)
                .end().end().end()), r -> r.child("returnval").orElseThrow().asMoRef());
        awaitTask(task);
        return file;
    }

    /** Whether a virtual disk file exists ({@code VirtualDiskManager.QueryVirtualDiskUuid}). */
    public boolean diskExists(String file) {
        try {
            session.invoke(SoapRequest.of("QueryVirtualDiskUuid", MoRef.of("VirtualDiskManager", "virtualDiskManager"),
                    w -> w.text("name", file).moRef("datacenter", datacenter())), r -> r.text("returnval").orElseThrow());
            return true;
        } catch (VimFaultException e) {
            if (e.is("FileNotFound")) {
                return false;
            }
            throw e;
        }
    }

    /** The description ids of the VM's recent tasks that succeeded, such as {@code VirtualMachine.reset}. */
    public List<String> succeededTasks(VmSnapshot vm) {
        ServiceContent sc = session.serviceContent();
        List<ObjectContent> vmProps = session.invoke(PropertyRetrieval.retrieve(sc.propertyCollector(), vm.ref(),
                List.of("recentTask")), r -> PropertyRetrieval.parse("RetrievePropertiesEx", r)).objects();
        List<String> out = new ArrayList<>();
        for (XmlNode t : vmProps.get(0).get("recentTask").map(XmlNode::children).orElse(List.of())) {
            ObjectContent info = session.invoke(PropertyRetrieval.retrieve(sc.propertyCollector(), t.asMoRef(),
                    List.of("info.descriptionId", "info.state")), r -> PropertyRetrieval.parse("RetrievePropertiesEx", r))
                    .objects().get(0);
            if (info.text("info.state").map("success"::equals).orElse(false)) {
                out.add(info.text("info.descriptionId").orElse("?"));
            }
        }
        return out;
    }

    /** The keys of all sessions on the server. */
    public List<String> sessionKeys() {
        ServiceContent sc = session.serviceContent();
        ObjectContent c = session.invoke(PropertyRetrieval.retrieve(sc.propertyCollector(), sc.sessionManager(),
                List.of("sessionList", "currentSession")), r -> PropertyRetrieval.parse("RetrievePropertiesEx", r)).objects().get(0);
        return c.get("sessionList").map(l -> l.children().stream().map(s -> s.text("key").orElse("")).toList()).orElse(List.of());
    }

    /** Terminates every session but this administrator's; returns how many. */
    public int terminateOtherSessions() {
        ServiceContent sc = session.serviceContent();
        String mine = session.invoke(PropertyRetrieval.retrieve(sc.propertyCollector(), sc.sessionManager(),
                List.of("currentSession")), r -> PropertyRetrieval.parse("RetrievePropertiesEx", r)).objects().get(0)
                .get("currentSession").flatMap(s -> s.text("key")).orElseThrow();
        List<String> others = sessionKeys().stream().filter(k -> !k.equals(mine)).toList();
        if (!others.isEmpty()) {
            session.invoke(SoapRequest.of("TerminateSession", sc.sessionManager(),
                    w -> others.forEach(k -> w.text("sessionId", k))), r -> r);
        }
        return others.size();
    }

    private MoRef datacenter() {
        return client.findByInventoryPath("DC0").orElseThrow();
    }

    private void awaitTask(MoRef task) {
        Map<String, XmlNode> info = new UpdateWaiter(session, Clock.systemUTC()).await(new UpdateWaiter.Wait("task",
                "task " + task.value(), task, List.of("info.state", "info.error"),
                m -> m.containsKey("info.state") && List.of("success", "error").contains(m.get("info.state").text()),
                m -> String.valueOf(m.get("info.state"))), LIMIT);
        if ("error".equals(info.get("info.state").text())) {
            throw new AssertionError("set-up task failed: " + Optional.ofNullable(info.get("info.error"))
                    .map(VimFault::fromLocalizedMethodFault).orElse(null));
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
