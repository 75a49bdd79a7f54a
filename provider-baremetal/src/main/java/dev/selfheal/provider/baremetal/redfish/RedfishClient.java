package dev.selfheal.provider.baremetal.redfish;

import dev.selfheal.provider.baremetal.bmc.BmcCall;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Authorized Redfish requests: every request carries the BMC's login; a session token the BMC rejects is
 * dropped and the request sent once more with a fresh login; any other non-2xx answer becomes a provider
 * exception. Thread-safe.
 */
final class RedfishClient {

    private final RedfishHttp http;
    private final RedfishAuth auth;

    RedfishClient(RedfishHttp http, RedfishAuth auth) {
        this.http = http;
        this.auth = auth;
    }

    RedfishResponse get(BmcCall call, String path, String operation) {
        return exchange(call, path, operation, b -> b.GET());
    }

    RedfishResponse post(BmcCall call, String path, String json, String operation) {
        return exchange(call, path, operation, b -> b.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    RedfishResponse patch(BmcCall call, String path, String json, Optional<String> etag, String operation) {
        return exchange(call, path, operation, b -> {
            etag.ifPresent(e -> b.header("If-Match", e));
            return b.header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        });
    }

    void close() {
        auth.close();
    }

    private RedfishResponse exchange(BmcCall call, String path, String operation, UnaryOperator<HttpRequest.Builder> method) {
        RedfishResponse r = once(call, path, operation, method);
        if (r.status() == 401 && auth.usesSession(call)) {
            auth.dropSession(call);
            r = once(call, path, operation, method);
        }
        if (!r.ok()) {
            throw RedfishHttp.statusFailure(call, operation, r);
        }
        return r;
    }

    private RedfishResponse once(BmcCall call, String path, String operation, UnaryOperator<HttpRequest.Builder> method) {
        HttpRequest.Builder b = http.request(RedfishAuth.base(call).resolve(path));
        return http.send(call, operation, method.apply(auth.authorize(call, b)).build());
    }
}
