package dev.selfheal.testbed.kube;

import dev.selfheal.testbed.tls.CertificateAuthority.IssuedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Writes kubeconfig files with embedded certificates. */
public final class Kubeconfigs {

    private Kubeconfigs() {
    }

    /** A kubeconfig for a client-certificate identity; returns {@code file}. */
    public static Path write(Path file, String server, Path caPem, IssuedCertificate client) {
        try {
            String yaml = String.join("\n",
                    "apiVersion: v1",
                    "kind: Config",
                    "clusters:",
                    "- name: testbed",
                    "  cluster:",
                    "    server: " + server,
                    "    certificate-authority-data: " + b64(Files.readString(caPem)),
                    "users:",
                    "- name: user",
                    "  user:",
                    "    client-certificate-data: " + b64(client.certificatePem()),
                    "    client-key-data: " + b64(client.keyPem()),
                    "contexts:",
                    "- name: testbed",
                    "  context:",
                    "    cluster: testbed",
                    "    user: user",
                    "current-context: testbed",
                    "");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
