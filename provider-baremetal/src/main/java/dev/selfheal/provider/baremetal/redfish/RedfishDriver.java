package dev.selfheal.provider.baremetal.redfish;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.provider.baremetal.bmc.BmcCall;
import dev.selfheal.provider.baremetal.bmc.BmcDriver;
import dev.selfheal.provider.baremetal.bmc.BmcReading;
import dev.selfheal.provider.baremetal.bmc.BmcTarget;
import dev.selfheal.provider.baremetal.bmc.PowerCommand;
import dev.selfheal.provider.baremetal.bmc.Protocol;
import dev.selfheal.spi.MachineNotFoundException;
import dev.selfheal.spi.PermanentProviderException;

/**
 * Redfish over the JDK HTTP client: reads {@code ComputerSystem.PowerState} and {@code Status}, resets
 * with {@code ComputerSystem.Reset} (ForceRestart, ForceOff, On, GracefulShutdown, as the BMC allows) and
 * sets a one-time PXE boot with {@code Boot.BootSourceOverrideTarget=Pxe}. Thread-safe.
 */
public final class RedfishDriver implements BmcDriver {

    private static final String GET_SYSTEM = "redfish:GET ComputerSystem";
    private static final String PATCH_BOOT = "redfish:PATCH ComputerSystem.Boot";

    private final RedfishClient client;
    private final SystemLocator locator;

    /** A driver with its own HTTP client. */
    public RedfishDriver(RedfishSettings settings) {
        RedfishHttp http = new RedfishHttp(settings);
        this.client = new RedfishClient(http, new RedfishAuth(settings.auth(), http));
        this.locator = new SystemLocator(client);
    }

    @Override
    public Protocol protocol() {
        return Protocol.REDFISH;
    }

    @Override
    public String readOperation(BmcTarget target) {
        return GET_SYSTEM;
    }

    @Override
    public BmcReading read(BmcCall call) {
        return system(call).reading();
    }

    @Override
    public void power(BmcCall call, PowerCommand command) {
        RedfishSystem s = system(call);
        String type = s.resetType(command).orElseThrow(() -> new PermanentProviderException(call.describe(),
                "redfish:ComputerSystem.Reset", "the BMC allows reset types " + s.allowedResetTypes() + " and none of "
                + RedfishSystem.resetTypes(command) + " needed for " + command));
        ObjectNode body = RedfishResponse.JSON.createObjectNode().put("ResetType", type);
        client.post(call, s.resetTarget(), body.toString(), "redfish:ComputerSystem.Reset(" + type + ")");
    }

    @Override
    public boolean supportsNetworkBoot(BmcTarget target) {
        return true;
    }

    @Override
    public void bootOnceFromNetwork(BmcCall call) {
        RedfishSystem s = system(call);
        ObjectNode body = RedfishResponse.JSON.createObjectNode();
        body.putObject("Boot").put("BootSourceOverrideTarget", "Pxe").put("BootSourceOverrideEnabled", "Once");
        client.patch(call, s.path(), body.toString(), s.etag(), PATCH_BOOT);
        String target = system(call).bootOverrideTarget();
        if (!"Pxe".equals(target)) {
            throw new PermanentProviderException(call.describe(), PATCH_BOOT, "the BMC accepted the boot override"
                    + " but reports BootSourceOverrideTarget=" + (target.isEmpty() ? "(none)" : target));
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private RedfishSystem system(BmcCall call) {
        String path = locator.path(call);
        try {
            RedfishResponse r = client.get(call, path, GET_SYSTEM);
            return new RedfishSystem(path, r.json(), r.header("ETag"));
        } catch (MachineNotFoundException e) {
            locator.forget(call);
            throw e;
        }
    }
}
