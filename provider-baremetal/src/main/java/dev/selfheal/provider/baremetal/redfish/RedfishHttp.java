package dev.selfheal.provider.baremetal.redfish;

import dev.selfheal.provider.baremetal.bmc.BmcCall;
import dev.selfheal.provider.baremetal.internal.PeerText;
import dev.selfheal.spi.MachineNotFoundException;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.ProviderException;
import dev.selfheal.spi.RetryableProviderException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Sends Redfish requests with a hard time limit and turns transport failures into provider exceptions:
 * a BMC that does not answer in time is a retryable "did not answer", a certificate that fails verification
 * a permanent TLS error. Requests go to the configured BMC origin only (see {@link RedfishRedirects}).
 * Thread-safe.
 */
final class RedfishHttp {

    private static final Duration GRACE = Duration.ofSeconds(2);

    private final HttpClient client;
    private final Duration timeout;

    RedfishHttp(RedfishSettings settings) {
        this.timeout = settings.callTimeout();
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(settings.sslContext())
                .build();
    }

    /** A request builder with the time limit and the Redfish headers set. */
    HttpRequest.Builder request(java.net.URI uri) {
        return HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "application/json")
                .header("OData-Version", "4.0");
    }

    /**
     * Sends a request to the call's BMC and waits at most the call timeout (plus a short grace) for the whole
     * response. Redirects are followed here, not by the JDK client (which would send the credentials and the
     * body on to wherever the answer points): only to the BMC's own origin (scheme, host and port) and at most
     * {@link RedfishRedirects#MAX} times; a request or a redirect to another origin is refused before anything
     * is sent there.
     *
     * @param operation the call, named in errors, such as {@code redfish:GET ComputerSystem}
     */
    RedfishResponse send(BmcCall call, String operation, HttpRequest request) {
        RedfishRedirects redirects = new RedfishRedirects(call, operation);
        long deadline = System.nanoTime() + timeout.plus(GRACE).toNanos();
        HttpRequest next = redirects.check(request);
        while (true) {
            RedfishResponse r = sendOnce(call, operation, next, deadline);
            Optional<HttpRequest> followed = redirects.follow(next, r);
            if (followed.isEmpty()) {
                return r;
            }
            next = followed.get();
        }
    }

    private RedfishResponse sendOnce(BmcCall call, String operation, HttpRequest request, long deadline) {
        CompletableFuture<HttpResponse<String>> f =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> r = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return new RedfishResponse(r.statusCode(), r.headers(), r.body());
        } catch (TimeoutException e) {
            f.cancel(true);
            throw notAnswering(call, operation, e);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new RetryableProviderException(call.describe(), operation, "interrupted while waiting for the BMC", e);
        } catch (ExecutionException e) {
            throw transportFailure(call, operation, e.getCause() == null ? e : e.getCause());
        }
    }

    /**
     * The exception for a non-2xx answer: 404 means the system is unknown, 401/403 that the credentials
     * were rejected, 5xx and 429 may pass, the rest is permanent.
     */
    static ProviderException statusFailure(BmcCall call, String operation, RedfishResponse r) {
        String detail = "BMC at " + call.target().address() + " answered HTTP " + r.status()
                + describe(PeerText.clean(r.errorMessage(), call.redactor()));
        if (r.status() == 404) {
            return new MachineNotFoundException(call.describe(), operation, detail);
        }
        if (r.status() == 401 || r.status() == 403) {
            return new PermanentProviderException(call.describe(), operation, detail + ": the BMC rejected the "
                    + call.credentials() + " (wrong user name or password, or too few privileges)");
        }
        if (r.status() >= 500 || r.status() == 429 || r.status() == 408) {
            return new RetryableProviderException(call.describe(), operation, detail);
        }
        return new PermanentProviderException(call.describe(), operation, detail);
    }

    private static String describe(String message) {
        return message.isEmpty() ? "" : " (" + message + ")";
    }

    private RetryableProviderException notAnswering(BmcCall call, String operation, Throwable cause) {
        return new RetryableProviderException(call.describe(), operation, "the BMC at " + call.target().address()
                + " did not answer within " + timeout + "; its power state is unknown (not off)", cause);
    }

    private ProviderException transportFailure(BmcCall call, String operation, Throwable cause) {
        if (cause instanceof HttpTimeoutException) {
            return notAnswering(call, operation, cause);
        }
        if (cause instanceof SSLException) {
            return new PermanentProviderException(call.describe(), operation, "TLS with the BMC at "
                    + call.target().address() + " failed (" + call.redactor().redact(cause.getMessage()) + "); add the"
                    + " BMC's certificate or CA to tls.trustStore (verification is on by default)", call.redactor().scrub(cause));
        }
        String what = cause instanceof ConnectException ? "cannot connect to the BMC at " : "the exchange with the BMC at ";
        String suffix = cause instanceof ConnectException ? "" : " failed";
        return new RetryableProviderException(call.describe(), operation, what + call.target().address() + suffix
                + " (" + cause.getClass().getSimpleName() + (cause.getMessage() == null ? ""
                : ": " + call.redactor().redact(cause.getMessage())) + "); its power state is unknown (not off)",
                cause instanceof IOException ? call.redactor().scrub(cause) : null);
    }
}
