package dev.selfheal.examples.demo;

import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.core.config.YamlConfigReader;
import dev.selfheal.testbed.aws.MotoServer;
import dev.selfheal.spi.ProviderConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The healer configuration of the demo: {@code demo-selfheal.yaml} plus the AWS provider pointing at moto. */
final class DemoConfig {

    static final String RESOURCE = "demo-selfheal.yaml";

    private DemoConfig() {
    }

    /** The YAML of the resource. */
    static String yaml() {
        try (InputStream in = DemoConfig.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The configuration with the AWS provider for {@code moto}. */
    static SelfhealConfig forMoto(MotoServer moto) {
        return YamlConfigReader.read(yaml(), Map.of()).toBuilder().provider(aws(moto)).build();
    }

    /** The AWS provider's settings: moto's endpoint and dummy keys, short time limits for a local cloud. */
    static ProviderConfig aws(MotoServer moto) {
        return ProviderConfig.builder("aws")
                .set("region", moto.region())
                .set("endpoint", moto.endpoint().toString())
                .set("credentials", "static")
                .secret("accessKeyId", moto.accessKeyId())
                .secret("secretAccessKey", moto.secretAccessKey())
                .set("apiCallTimeout", "10s")
                .set("operationTimeout", "60s")
                .set("replaceTimeout", "60s")
                .set("pollInterval", "200ms")
                .build();
    }
}
