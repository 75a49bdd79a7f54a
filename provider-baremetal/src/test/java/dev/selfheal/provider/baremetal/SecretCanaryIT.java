package dev.selfheal.provider.baremetal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.NodeDescriptor;
import dev.selfheal.spi.PowerState;
import dev.selfheal.spi.ProviderConfig;
import dev.selfheal.spi.ProviderException;
import dev.selfheal.testbed.baremetal.IpmiSimulator;
import dev.selfheal.testbed.baremetal.IpmiSimulatorExtension;
import dev.selfheal.testbed.baremetal.RedfishEmulator;
import dev.selfheal.testbed.baremetal.RedfishEmulatorExtension;
import dev.selfheal.testbed.front.FrontServer;
import dev.selfheal.testbed.front.FrontServer.Answer;
import dev.selfheal.testbed.leak.Canary;
import dev.selfheal.testbed.leak.StderrCapture;
import dev.selfheal.testbed.process.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A unique canary as the password of every secret setting of the provider (Redfish, IPMI, fence agent),
 * failing calls against the real peers (wrong password, unreachable BMC, a server echoing the credentials
 * back, a redirect elsewhere), and a search for every form of the canary in the log (at TRACE), the
 * exceptions (messages, causes, suppressed, stack traces), toString of configurations and provider, and the
 * command lines and environments of every child process (recorded by wrappers that then run the real tools).
 */
@ExtendWith({RedfishEmulatorExtension.class, IpmiSimulatorExtension.class})
class SecretCanaryIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    /** Everything searched for the canary, with where it came from. */
    private final StringBuilder seen = new StringBuilder();

    private void fails(InfrastructureProvider p, MachineRef m, String what) {
        Throwable t = catchThrowable(() -> p.status(m));
        assertThat(t).as(what).isInstanceOf(ProviderException.class);
        seen.append("\n== ").append(what).append('\n').append(Canary.printed(t));
    }

    private InfrastructureProvider provider(ProviderConfig config) {
        seen.append(config).append('\n').append(BareMetalProviderConfig.from(config)).append('\n');
        InfrastructureProvider p = BmcFixtures.create(config);
        seen.append(p).append('\n');
        return p;
    }

    private void assertNoLeak(Canary canary, String log) {
        assertThat(LoggerFactory.getLogger(BareMetalProvider.class).isTraceEnabled()).as("the provider logs at TRACE").isTrue();
        assertThat(canary.foundIn(log)).as("forms of the canary in the log").isEmpty();
        assertThat(canary.foundIn(seen.toString())).as("forms of the canary in exceptions and toString:\n" + seen).isEmpty();
    }

    @Test
    void redfishFailuresShowNoFormOfThePassword(RedfishEmulator bmc) {
        Canary canary = Canary.create(bmc.username());
        BmcFixtures.secret(dir, "redfish", bmc.username(), canary.value());
        try (StderrCapture log = StderrCapture.start();
             FrontServer echo = FrontServer.start(bmc.baseUri(), bmc.sslContext(), null, SecretCanaryIT::echoing);
             FrontServer elsewhere = FrontServer.recording();
             FrontServer redirecting = FrontServer.start(bmc.baseUri(), bmc.sslContext(), null,
                     (request, upstream) -> Answer.redirect(307, elsewhere.uri() + request.pathAndQuery()))) {
            for (String auth : List.of("basic", "auto")) {
                ProviderConfig config = BmcFixtures.config(dir, "redfish").set("redfish.auth", auth)
                        .set("tls.trustStore", bmc.caPem().toString()).set("callTimeout", "3s").build();
                try (InfrastructureProvider p = provider(config)) {
                    fails(p, redfish(p, bmc.baseUri().toString()), "wrong password, " + auth);
                    fails(p, redfish(p, echo.uri().toString()), "echoing server, " + auth);
                    fails(p, redfish(p, redirecting.uri().toString()), "redirect elsewhere, " + auth);
                    fails(p, redfish(p, "https://127.0.0.1:" + Ports.free()), "unreachable, " + auth);
                }
            }
            assertThat(elsewhere.received()).isEmpty();
            assertThat(echo.received()).as("the echoing server got the credentials").isNotEmpty();
            assertNoLeak(canary, log.text());
        }
    }

    @Test
    void ipmiAndFenceAgentFailuresKeepThePasswordOffCommandLinesLogsAndMessages(IpmiSimulator bmc) throws IOException {
        Canary canary = Canary.create(bmc.username());
        BmcFixtures.secret(dir, "ipmi", bmc.username(), canary.value());
        Path ipmitoolRecord = dir.resolve("ipmitool.record");
        Path agentRecord = dir.resolve("agent.record");
        Path agents = Files.createDirectories(dir.resolve("agents"));
        Path ipmitool = recordingWrapper(dir.resolve("ipmitool"), ipmitoolRecord, "/usr/bin/ipmitool");
        recordingWrapper(agents.resolve("fence_ipmilan"), agentRecord, "/usr/sbin/fence_ipmilan");
        ProviderConfig config = BmcFixtures.config(dir, "ipmi").set("ipmi.tool", ipmitool.toString())
                .set("ipmi.requestTimeout", "1s").set("ipmi.retries", "1").set("callTimeout", "5s")
                .set("fence.agentDir", agents.toString()).set("fence.options", "lanplus=1, cipher=3")
                .set("fence.timeout", "30s").build();
        try (StderrCapture log = StderrCapture.start(); InfrastructureProvider p = provider(config)) {
            fails(p, node(p, "ipmi", null, bmc.host() + ":" + bmc.port()), "ipmi, wrong password");
            fails(p, node(p, "ipmi", null, "127.0.0.1:" + Ports.free()), "ipmi, unreachable");
            fails(p, node(p, "fence-agent", "fence_ipmilan", bmc.host() + ":" + bmc.port()), "fence agent, wrong password");
            assertNoLeak(canary, log.text());
        }
        List<String> tool = Files.readAllLines(ipmitoolRecord);
        assertThat(tool).as("ipmitool ran").anyMatch(l -> l.startsWith("ARGV") && l.contains("[-E]"));
        assertThat(tool).as("the password reaches ipmitool only as IPMI_PASSWORD in its environment")
                .filteredOn(l -> !canary.foundIn(l).isEmpty()).allMatch(l -> l.equals("ENV IPMI_PASSWORD=" + canary.value()))
                .isNotEmpty();
        List<String> agent = Files.readAllLines(agentRecord);
        assertThat(agent).as("the agent ran").anyMatch(l -> l.startsWith("ARGV"));
        assertThat(agent).as("the agent's command line and environment").allMatch(l -> canary.foundIn(l).isEmpty());
    }

    @Test
    void fenceIpmilanPutsThePasswordOnIpmitoolsCommandLineSoTheProviderWarns(IpmiSimulator bmc) throws IOException {
        bmc.setPowerState(IpmiSimulator.Power.ON);
        BmcFixtures.secret(dir, "fence", bmc.username(), bmc.password());
        Path record = dir.resolve("agent-ipmitool.record");
        Path ipmitool = recordingWrapper(dir.resolve("agent-ipmitool"), record, "/usr/bin/ipmitool");
        ProviderConfig config = BmcFixtures.config(dir, "fence").set("protocol", "fence-agent").set("agent", "fence_ipmilan")
                .set("nodes.db-0.address", bmc.host() + ":" + bmc.port())
                .set("fence.options", "lanplus=1, cipher=3, ipmitool_path=" + ipmitool).set("fence.timeout", "30s").build();
        try (StderrCapture log = StderrCapture.start(); InfrastructureProvider p = BmcFixtures.create(config)) {
            assertThat(log.text()).contains("WARN").contains("fence agent fence_ipmilan runs ipmitool with -P")
                    .contains("process list").contains("protocol=ipmi");
            assertThat(p.status(p.resolve(NodeDescriptor.of("db-0", null)).orElseThrow()).power()).isEqualTo(PowerState.ON);
            assertThat(log.text()).doesNotContain(bmc.password());
        }
        assertThat(Files.readAllLines(record)).as("fence-agents' own fence_ipmilan passes the password with -P")
                .anyMatch(l -> l.startsWith("ARGV") && l.contains("[-P] [" + bmc.password() + "]"));
    }

    private static MachineRef redfish(InfrastructureProvider p, String address) {
        return p.resolve(BmcFixtures.annotatedNode("node-1", "redfish", address)).orElseThrow();
    }

    private static MachineRef node(InfrastructureProvider p, String protocol, String agent, String address) {
        Map<String, String> labels = agent == null ? Map.of(BmcFixtures.PREFIX + "protocol", protocol)
                : Map.of(BmcFixtures.PREFIX + "protocol", protocol, BmcFixtures.PREFIX + "agent", agent);
        return p.resolve(new NodeDescriptor("rack-" + protocol, null, labels, Map.of(BmcFixtures.PREFIX + "address", address)))
                .orElseThrow();
    }

    /**
     * The emulator's answers, except that every authorized request is answered with a Redfish error that
     * echoes its credentials back (the Authorization header, the body, the whole request base64-encoded); the
     * service root links a Sessions collection, so {@code auto} sends the session login body too.
     */
    private static Answer echoing(FrontServer.Exchange request, java.util.function.Function<FrontServer.Exchange, Answer> upstream) {
        Answer real = upstream.apply(request);
        if (request.pathAndQuery().equals("/redfish/v1/")) {
            try {
                var root = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(real.body());
                var links = root.get("Links") instanceof com.fasterxml.jackson.databind.node.ObjectNode l ? l
                        : root.putObject("Links");
                links.putObject("Sessions").put("@odata.id", "/redfish/v1/SessionService/Sessions");
                return Answer.of(200, "application/json", root.toString());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        String said = "you sent " + request.header("Authorization") + " with " + request.bodyText() + " ("
                + java.util.Base64.getEncoder().encodeToString(request.everything().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + ")";
        var error = JSON.createObjectNode();
        error.putObject("error").put("message", said).putArray("@Message.ExtendedInfo").addObject().put("Message", said);
        return Answer.of(400, "application/json", error.toString());
    }

    /** A script that appends its arguments and environment to {@code record}, then runs {@code real} with them. */
    private static Path recordingWrapper(Path script, Path record, String real) throws IOException {
        Files.writeString(script, "#!/bin/sh\n{ printf 'ARGV'; for a in \"$@\"; do printf ' [%s]' \"$a\"; done; printf '\\n';"
                + " env | sed 's/^/ENV /'; } >> '" + record + "'\nexec '" + real + "' \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}
