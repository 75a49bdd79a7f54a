package dev.selfheal.provider.baremetal.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.provider.baremetal.bmc.BmcCall;
import dev.selfheal.spi.MachineNotFoundException;
import dev.selfheal.spi.PermanentProviderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the {@code ComputerSystem} of a machine: the configured system id; else the only member of the
 * Systems collection; else the member whose {@code Id}, {@code Name} or {@code HostName} is the node's
 * name. Found paths are remembered per BMC and node. Thread-safe.
 */
final class SystemLocator {

    static final String SYSTEMS = "/redfish/v1/Systems";
    private static final String OPERATION = "redfish:GET Systems";

    private final RedfishClient client;
    private final Map<String, String> found = new ConcurrentHashMap<>();

    SystemLocator(RedfishClient client) {
        this.client = client;
    }

    /** The system's path, such as {@code /redfish/v1/Systems/1}. */
    String path(BmcCall call) {
        String system = call.target().system();
        if (system != null) {
            return SYSTEMS + "/" + system;
        }
        String key = key(call);
        String path = found.get(key);
        if (path == null) {
            path = discover(call);
            found.put(key, path);
        }
        return path;
    }

    /** Forgets a discovered path (the BMC no longer knows it). */
    void forget(BmcCall call) {
        found.remove(key(call));
    }

    private String discover(BmcCall call) {
        String collection = client.get(call, "/redfish/v1/", "redfish:GET ServiceRoot").json()
                .path("Systems").path("@odata.id").asText(SYSTEMS);
        List<String> members = new ArrayList<>();
        for (JsonNode m : client.get(call, collection, OPERATION).json().path("Members")) {
            String id = m.path("@odata.id").asText("");
            if (id.startsWith("/")) {
                members.add(id);
            }
        }
        if (members.size() == 1) {
            return members.get(0);
        }
        String node = call.machine().nodeName();
        List<String> matching = new ArrayList<>();
        for (String member : members) {
            JsonNode s = client.get(call, member, "redfish:GET ComputerSystem").json();
            if (node.equalsIgnoreCase(s.path("Id").asText()) || node.equalsIgnoreCase(s.path("Name").asText())
                    || node.equalsIgnoreCase(s.path("HostName").asText())) {
                matching.add(member);
            }
        }
        if (matching.size() == 1) {
            return matching.get(0);
        }
        if (matching.isEmpty()) {
            throw new MachineNotFoundException(call.describe(), OPERATION, "the BMC at " + call.target().address()
                    + " lists " + members.size() + " systems and none has Id, Name or HostName '" + node
                    + "'; set the system id (nodes.<node>.system or the system label)");
        }
        throw new PermanentProviderException(call.describe(), OPERATION, "several systems of the BMC at "
                + call.target().address() + " match node '" + node + "': " + matching + "; set the system id");
    }

    private static String key(BmcCall call) {
        return call.target().address() + "|" + call.machine().nodeName();
    }
}
