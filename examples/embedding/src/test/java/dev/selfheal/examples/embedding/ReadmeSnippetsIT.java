package dev.selfheal.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.testbed.aws.MotoExtension;
import dev.selfheal.testbed.aws.MotoServer;
import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.kube.KubeTestbedExtension;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.Placement;

/**
 * Every {@code java} block of the root README compiles, as printed, inside a {@code main} method with the
 * imports a reader would add, and runs in a JVM of its own against a real API server and moto: the embedding
 * snippet with the standalone healer's example {@code selfheal.yaml} in its working directory, the provider
 * snippet with the SDK's standard environment pointing it at moto. The only change made to a snippet's text is
 * the example instance id, replaced by the id of an instance moto really runs.
 */
@ExtendWith({KubeTestbedExtension.class, MotoExtension.class})
class ReadmeSnippetsIT {

    private static final Path README = Path.of("../../README.md");
    private static final Path EXAMPLE_CONFIG = Path.of("../standalone-healer/src/main/resources/selfheal.yaml");
    private static final String EXAMPLE_INSTANCE = "i-0123456789abcdef0";
    private static final List<String> IMPORTS = List.of(
            "dev.selfheal.core.*", "dev.selfheal.core.config.*", "dev.selfheal.core.observe.*",
            "dev.selfheal.core.remediation.*", "dev.selfheal.spi.*", "io.fabric8.kubernetes.client.*",
            "java.nio.file.*");

    @Test
    void everyJavaSnippetCompilesAndRuns(KubeTestbed kube, MotoServer moto, @TempDir Path dir)
            throws Exception {
        List<String> snippets = javaSnippets(Files.readString(README));
        assertThat(snippets).as("java blocks in the README").hasSizeGreaterThanOrEqualTo(2);
        kube.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("selfheal-system")
                .endMetadata().build()).serverSideApply();
        Files.copy(EXAMPLE_CONFIG, dir.resolve("selfheal.yaml"));
        String instance = runInstance(moto, "eu-west-1");

        for (int i = 0; i < snippets.size(); i++) {
            String source = snippets.get(i).replace(EXAMPLE_INSTANCE, instance);
            Path classes = compile("ReadmeSnippet" + i, source, dir.resolve("classes-" + i));
            Run run = run("ReadmeSnippet" + i, classes, dir, environment(kube, moto));
            assertThat(run.exit()).as("snippet %d exit code; output:%n%s", i, run.output()).isZero();
            assertThat(run.output()).as("snippet %d output", i).doesNotContain("Exception");
            if (source.contains("Selfheal.builder()")) {
                assertThat(run.output()).contains("started in namespace selfheal-system");
            }
            if (source.contains("aws.status(")) {
                assertThat(run.output()).contains(instance + " is ON");
            }
        }
    }

    /** The bodies of the README's {@code ```java} blocks, in order. */
    static List<String> javaSnippets(String markdown) {
        Matcher m = Pattern.compile("(?ms)^```java\\s*\\n(.*?)^```").matcher(markdown);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static Path compile(String name, String snippet, Path out) throws IOException {
        StringBuilder src = new StringBuilder();
        IMPORTS.forEach(i -> src.append("import ").append(i).append(";\n"));
        src.append("public class ").append(name).append(" {\n")
                .append("    public static void main(String[] args) throws Exception {\n")
                .append(snippet).append("\n    }\n}\n");
        Files.createDirectories(out);
        Path file = out.resolve(name + ".java");
        Files.writeString(file, src);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = javac.run(null, err, err, "-proc:none", "-classpath", System.getProperty("java.class.path"),
                "-d", out.toString(), file.toString());
        assertThat(rc).as("javac of the README snippet:%n%s%n%s", src, err.toString(StandardCharsets.UTF_8)).isZero();
        return out;
    }

    private static Map<String, String> environment(KubeTestbed kube, MotoServer moto) {
        return Map.of("KUBECONFIG", kube.adminKubeconfig().toString(),
                "AWS_ENDPOINT_URL", moto.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", moto.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", moto.secretAccessKey(),
                "AWS_REGION", "eu-west-1");
    }

    private static Run run(String name, Path classes, Path workDir, Map<String, String> env) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = classes + File.pathSeparator + System.getProperty("java.class.path");
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-cp", cp, name).directory(workDir.toFile())
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("snippet %s ends", name).isTrue();
            return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    private static String runInstance(MotoServer moto, String region) {
        try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(moto.endpoint()).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(moto.accessKeyId(), moto.secretAccessKey())))
                .build()) {
            String ami = ec2.describeImages(b -> b.owners("amazon")).images().get(0).imageId();
            return ec2.runInstances(r -> r.imageId(ami).instanceType(InstanceType.T3_MICRO)
                    .minCount(1).maxCount(1).placement(Placement.builder().availabilityZone(region + "a").build()))
                    .instances().get(0).instanceId();
        }
    }

    private record Run(int exit, String output) {
    }
}
