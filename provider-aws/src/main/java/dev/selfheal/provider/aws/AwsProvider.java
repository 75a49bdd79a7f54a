package dev.selfheal.provider.aws;

import dev.selfheal.spi.ActionResult;
import dev.selfheal.spi.Capability;
import dev.selfheal.spi.DetachResult;
import dev.selfheal.spi.FenceResult;
import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.InvalidMachineReferenceException;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.MachineStatus;
import dev.selfheal.spi.NodeDescriptor;
import dev.selfheal.spi.ReplaceResult;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The infrastructure provider for Kubernetes nodes on EC2 (type {@code "aws"}): status and status checks,
 * reboot, fence (forced stop, confirmed stopped), power-on, replacement through the instance's Auto
 * Scaling group, and force-detaching the data volumes of a fenced instance. Built by
 * {@link AwsProviderFactory}; thread-safe; {@link #close()} closes its SDK clients.
 */
public final class AwsProvider implements InfrastructureProvider {

    /** The provider type and providerID scheme. */
    public static final String TYPE = "aws";
    /** The MachineRef attribute holding the availability zone, when the providerID has one. */
    public static final String ZONE = "zone";
    /** The MachineRef attribute holding the region. */
    public static final String REGION = "region";
    /** The MachineRef attribute holding the providerID the machine was resolved from. */
    public static final String PROVIDER_ID = "providerID";

    private static final Set<Capability> ALL = Set.copyOf(EnumSet.allOf(Capability.class));

    private final AwsProviderConfig config;
    private final Clock clock;
    private final AwsClients clients;
    private final AsgReplacer replacer;

    /**
     * Creates a provider; SDK clients are built per region on first use.
     *
     * @param config the validated configuration
     * @param clock the clock for timestamps and time limits
     */
    public AwsProvider(AwsProviderConfig config, Clock clock) {
        this(config, clock, dev.selfheal.spi.ActionGuard.ALWAYS);
    }

    /**
     * Creates a provider whose mutating requests, every SDK retry included, first ask {@code guard}.
     *
     * @param config the validated configuration
     * @param clock the clock for timestamps and time limits
     * @param guard asked before each attempt of a mutating request
     */
    public AwsProvider(AwsProviderConfig config, Clock clock, dev.selfheal.spi.ActionGuard guard) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.clients = new AwsClients(config, Objects.requireNonNull(guard, "guard"));
        this.replacer = new AsgReplacer(config.markUnhealthyBeforeReplace());
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<Capability> capabilities() {
        return ALL;
    }

    /**
     * All capabilities, less {@link Capability#REPLACE} for an instance in no Auto Scaling group (an instance terminated
     * outside its group keeps it: the group replaces it).
     */
    @Override
    public Set<Capability> capabilities(MachineRef machine) {
        Ec2Target t = target(machine, config.apiCallTimeout().multipliedBy(2));
        if (AsgReplacer.membership(t).isPresent() || AsgReplacer.formerGroup(t).isPresent()) {
            return ALL;
        }
        EnumSet<Capability> narrowed = EnumSet.allOf(Capability.class);
        narrowed.remove(Capability.REPLACE);
        return Set.copyOf(narrowed);
    }

    @Override
    public Optional<MachineRef> resolve(NodeDescriptor node) {
        Optional<String> value = node.providerIdValue();
        if (value.isEmpty()) {
            if (config.rejectForeignProviderIds()) {
                throw new InvalidMachineReferenceException(node.name(), "", "the node has no spec.providerID; "
                        + "expected aws:///<availability-zone>/<instance-id>");
            }
            return Optional.empty();
        }
        String raw = value.get();
        if (!AwsProviderId.isAws(raw) && raw.contains("://") && !config.rejectForeignProviderIds()) {
            return Optional.empty();
        }
        AwsProviderId id = AwsProviderId.parse(node.name(), raw);
        String region = id.region().or(config::defaultRegion).orElseThrow(() -> new InvalidMachineReferenceException(
                node.name(), raw, "the providerID names no availability zone and the aws provider has no 'region' "
                + "configured; set 'region' or use aws:///<availability-zone>/<instance-id>"));
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(REGION, region);
        attributes.put(PROVIDER_ID, raw);
        if (id.zone() != null) {
            attributes.put(ZONE, id.zone());
        }
        return Optional.of(new MachineRef(TYPE, id.instanceId(), node.name(), attributes));
    }

    @Override
    public MachineStatus status(MachineRef machine) {
        return InstanceReader.status(target(machine, config.apiCallTimeout().multipliedBy(2)));
    }

    @Override
    public ActionResult reboot(MachineRef machine) {
        return PowerControl.reboot(target(machine, config.operationTimeout()));
    }

    @Override
    public FenceResult powerOff(MachineRef machine) {
        return PowerControl.powerOff(target(machine, config.operationTimeout()));
    }

    @Override
    public ActionResult powerOn(MachineRef machine) {
        return PowerControl.powerOn(target(machine, config.operationTimeout()));
    }

    @Override
    public ReplaceResult replace(MachineRef machine) {
        return replacer.replace(target(machine, config.replaceTimeout()));
    }

    @Override
    public DetachResult detachVolumes(MachineRef machine) {
        return VolumeDetacher.detach(target(machine, config.operationTimeout()));
    }

    /** Closes the SDK clients, credentials providers and the HTTP client. Never throws. */
    @Override
    public void close() {
        clients.close();
    }

    private Ec2Target target(MachineRef machine, Duration limit) {
        Objects.requireNonNull(machine, "machine");
        if (!TYPE.equals(machine.providerType()) || !AwsProviderId.isInstanceId(machine.id())) {
            throw new InvalidMachineReferenceException(machine.nodeName(), machine.providerType() + ":" + machine.id(),
                    "expected a machine of provider aws with an EC2 instance id such as i-0123456789abcdef0");
        }
        String region = regionOf(machine);
        CallBudget budget = CallBudget.start(clock, machine.describe(), limit, config.apiCallTimeout(),
                config.pollInterval(), config.credentials().redactor());
        return new Ec2Target(machine, machine.id(), clients.forRegion(region), budget);
    }

    private String regionOf(MachineRef machine) {
        String region = machine.attribute(REGION);
        if (region == null) {
            region = AwsRegions.regionOfZone(machine.attribute(ZONE)).or(config::defaultRegion).orElse(null);
        }
        if (region == null || !AwsRegions.isRegion(region)) {
            throw new InvalidMachineReferenceException(machine.nodeName(), String.valueOf(region),
                    "the machine " + machine.describe() + " has no usable region: resolve it from a providerID with a "
                    + "zone, or configure 'region'");
        }
        return region;
    }

    @Override
    public String toString() {
        return "AwsProvider{" + config.defaultRegion().orElse("region from zone")
                + config.endpointOverride().map(u -> ", endpoint " + u).orElse("") + "}";
    }
}
