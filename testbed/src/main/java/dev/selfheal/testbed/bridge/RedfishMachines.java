package dev.selfheal.testbed.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.testbed.baremetal.RedfishEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The servers of a Redfish emulator as machines, read with {@code GET /redfish/v1/Systems} and each
 * {@code ComputerSystem}. A server's Node is named by the system's {@code Name} in lower case, carries the
 * label {@value Ec2Machines#POOL_LABEL}, the label {@code bmc.selfheal.dev/system=<id>} and the annotation
 * {@code bmc.selfheal.dev/address=<BMC URL>} the bare-metal provider finds its BMC by, and no providerID.
 * Running means {@code PowerState On}.
 *
 * <p>A server that powers on from off while its boot override points at {@code Pxe} was network-booted:
 * re-provisioned with a fresh OS, so it becomes a new machine (its key gets the next generation,
 * {@code redfish:<id>#<n>}), as re-imaged hardware is to a cluster.
 */
public final class RedfishMachines implements MachineSource {

    /** The label prefix the bare-metal provider reads a node's BMC from. */
    public static final String BMC_PREFIX = "bmc.selfheal.dev/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RedfishEmulator bmc;
    private final String pool;
    private final Map<String, Track> tracks = new ConcurrentHashMap<>();

    private RedfishMachines(RedfishEmulator bmc, String pool) {
        this.bmc = bmc;
        this.pool = pool;
    }

    /** Every system of {@code bmc} is a node of pool {@code pool}. */
    public static RedfishMachines of(RedfishEmulator bmc, String pool) {
        return new RedfishMachines(bmc, pool);
    }

    /** The key of a system's machine in its first generation (before any re-provisioning). */
    public static String key(String systemId) {
        return "redfish:" + systemId;
    }

    @Override
    public String name() {
        return "sushy";
    }

    @Override
    public List<ObservedMachine> observe() {
        List<ObservedMachine> out = new ArrayList<>();
        for (JsonNode member : read("/redfish/v1/Systems").path("Members")) {
            JsonNode system = read(member.path("@odata.id").asText());
            out.add(machine(system));
        }
        return out;
    }

    private ObservedMachine machine(JsonNode system) {
        String id = system.path("Id").asText();
        String power = system.path("PowerState").asText();
        JsonNode boot = system.path("Boot");
        boolean pxe = "Pxe".equals(boot.path("BootSourceOverrideTarget").asText())
                && !"Disabled".equals(boot.path("BootSourceOverrideEnabled").asText());
        int generation = tracks.computeIfAbsent(id, k -> new Track()).observe(power, pxe);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Ec2Machines.POOL_LABEL, pool);
        labels.put(BMC_PREFIX + "system", id);
        String key = generation == 0 ? key(id) : key(id) + "#" + generation;
        return new ObservedMachine(key, system.path("Name").asText(id).toLowerCase(Locale.ROOT), null, "On".equals(power),
                labels, Map.of(BMC_PREFIX + "address", bmc.baseUri().toString()));
    }

    private JsonNode read(String path) {
        HttpResponse<String> r = bmc.get(path);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered HTTP " + r.statusCode());
        }
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " is not JSON", e);
        }
    }

    /** The power history of one server: counts network boots. */
    private static final class Track {
        private String lastPower;
        private int generation;

        synchronized int observe(String power, boolean pxe) {
            if (lastPower != null && !"On".equals(lastPower) && "On".equals(power) && pxe) {
                generation++;
            }
            lastPower = power;
            return generation;
        }
    }
}
