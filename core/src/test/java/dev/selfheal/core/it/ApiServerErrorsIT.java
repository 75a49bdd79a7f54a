package dev.selfheal.core.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.selfheal.core.Selfheal;
import dev.selfheal.core.remediation.LeaseRemediationFormat;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.testbed.process.Await;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The API server answers 500 and 429 to the healer's remediation record writes for a while (a failing admission
 * webhook of the test's own, called by the real API server): the remediation stalls, says so, and resumes when the
 * writes pass again, with nothing repeated and nothing lost.
 */
class ApiServerErrorsIT extends RealClusterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void failedRecordWritesStallTheRemediationWhichResumesWithNothingRepeated() throws Exception {
        AtomicBoolean failing = new AtomicBoolean(true);
        AtomicInteger denied = new AtomicInteger();
        HttpsServer webhook = webhook(failing, denied);
        String name = "selfheal-it-failing-writes";
        try {
            register(name, webhook.getAddress().getPort());
            TestMachines machines = new TestMachines(kube, TestMachines.all());
            machines.addMachine("m-x1", "x1", Map.of());
            kube.nodes().awaitReady("x1", Duration.ofSeconds(60));
            try (Selfheal healer = HealerIT.healer("h-x", machines, HealerIT.config("h-x"), new ConcurrentHashMap<>())) {
                healer.start();
                kube.nodes().stopHeartbeat("x1");
                Await.until("a write refused", Duration.ofSeconds(60), () -> denied.get() >= 2);
                Await.until("the stall told", Duration.ofSeconds(30), () -> HealerIT.events("x1").contains("RemediationStalled"));
                assertThat(machines.count("power-off")).as("nothing acted before its record was written").isZero();
                failing.set(false);
                Await.until("remediation of x1 succeeded", Duration.ofSeconds(120),
                        () -> HealerIT.state(healer, "x1") == RemediationState.SUCCEEDED);
                assertThat(machines.count("power-off")).isEqualTo(1);
                assertThat(machines.count("replace")).isEqualTo(1);
                assertThat(healer.remediations().get("x1").history()).extracting(h -> h.step() + "=" + h.outcome())
                        .contains("fence=done", "release=done", "replace=done", "remove-node=healed");
            }
        } finally {
            kube.client().admissionRegistration().v1().validatingWebhookConfigurations().withName(name).delete();
            webhook.stop(0);
        }
    }

    /** A webhook that refuses every write it is asked about with 500 or 429 while {@code failing}. */
    private static HttpsServer webhook(AtomicBoolean failing, AtomicInteger denied) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(kube.certificateAuthority().servingContext("webhook")));
        server.createContext("/validate", ex -> {
            try (ex) {
                JsonNode review = JSON.readTree(ex.getRequestBody());
                String uid = review.path("request").path("uid").asText();
                boolean refuse = failing.get();
                int code = denied.get() % 2 == 0 ? 500 : 429;
                if (refuse) {
                    denied.incrementAndGet();
                }
                String answer = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"response\":{\"uid\":\""
                        + uid + "\",\"allowed\":" + !refuse + (refuse ? ",\"status\":{\"code\":" + code
                        + ",\"message\":\"the test refuses this write for a while\"}" : "") + "}}";
                byte[] body = answer.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        return server;
    }

    /** Asks the API server to call the webhook for every write of a remediation record Lease in the healer's namespace. */
    private static void register(String name, int port) throws IOException {
        String ca = Base64.getEncoder().encodeToString(Files.readAllBytes(kube.certificateAuthority().caPem()));
        kube.client().admissionRegistration().v1().validatingWebhookConfigurations().resource(
                new ValidatingWebhookConfigurationBuilder().withNewMetadata().withName(name).endMetadata()
                        .addNewWebhook().withName("refuse.selfheal.dev").withAdmissionReviewVersions("v1").withSideEffects("None")
                        .withFailurePolicy("Fail").withTimeoutSeconds(5)
                        .withNewClientConfig().withUrl("https://127.0.0.1:" + port + "/validate").withCaBundle(ca).endClientConfig()
                        .addNewRule().withApiGroups("coordination.k8s.io").withApiVersions("v1").withResources("leases")
                        .withOperations("CREATE", "UPDATE").endRule()
                        .withNewNamespaceSelector().addToMatchLabels("kubernetes.io/metadata.name", NS).endNamespaceSelector()
                        .withNewObjectSelector().addToMatchLabels(LeaseRemediationFormat.LABEL, "true").endObjectSelector()
                        .endWebhook().build()).create();
    }
}
