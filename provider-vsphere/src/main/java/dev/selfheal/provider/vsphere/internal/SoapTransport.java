package dev.selfheal.provider.vsphere.internal;

import dev.selfheal.spi.Redactor;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * Posts vim25 envelopes over the JDK {@link HttpClient} (HTTP/1.1: Go servers answer HTTP/2 clients with
 * GOAWAY) and hands the answer to {@link SoapResponseParser}. Thread-safe. Never logs bodies or cookies.
 */
final class SoapTransport implements AutoCloseable {

    static final String SESSION_COOKIE = "vmware_soap_session";

    private final URI url;
    private final Redactor redactor;
    private final ExecutorService executor;
    private final HttpClient http;

    SoapTransport(URI url, SSLContext sslContext, Duration connectTimeout, Redactor redactor) {
        this.url = url;
        this.redactor = redactor;
        this.executor = Executors.newCachedThreadPool(daemonThreads());
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor);
        if (sslContext != null) {
            b.sslContext(sslContext);
        }
        this.http = b.build();
    }

    /** The answer to one call: the response element and the session cookie when the server set one. */
    record Reply(XmlNode response, Optional<String> sessionCookie) {
        @Override
        public String toString() {
            return "Reply[" + response.name() + "]";
        }
    }

    /**
     * Sends one request.
     *
     * @param request the request
     * @param cookie the session cookie ({@code name=value}), or {@code null} before login
     * @param soapAction the {@code SOAPAction} header, {@code urn:vim25/<version>}
     * @param timeout how long to wait for the answer
     */
    Reply post(SoapRequest request, String cookie, String soapAction, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "text/xml; charset=utf-8")
                .header("SOAPAction", soapAction)
                .POST(HttpRequest.BodyPublishers.ofString(request.envelope(), StandardCharsets.UTF_8));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        HttpResponse<String> r = send(request.method(), b.build(), timeout);
        XmlNode response = SoapResponseParser.parse(request.method(), r.statusCode(), r.body(), redactor);
        return new Reply(response, sessionCookie(r));
    }

    private HttpResponse<String> send(String method, HttpRequest request, Duration timeout) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new VimTransportException(method, VimTransportException.Kind.TIMEOUT,
                    "no answer from " + url + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VimTransportException(method, VimTransportException.Kind.UNREACHABLE,
                    "interrupted while calling " + url, e);
        } catch (IOException e) {
            throw classify(method, e);
        }
    }

    private VimTransportException classify(String method, IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return new VimTransportException(method, VimTransportException.Kind.TLS, "TLS with " + url
                        + " failed (is the server certificate trusted and issued for this host?): " + t.getMessage(), e);
            }
            if (t instanceof ConnectException) {
                return new VimTransportException(method, VimTransportException.Kind.UNREACHABLE,
                        "cannot connect to " + url + ": " + t.getMessage(), e);
            }
        }
        return new VimTransportException(method, VimTransportException.Kind.UNREACHABLE,
                "I/O error talking to " + url + ": " + e, e);
    }

    private static Optional<String> sessionCookie(HttpResponse<String> r) {
        return r.headers().allValues("Set-Cookie").stream()
                .map(v -> v.split(";", 2)[0].trim())
                .filter(v -> v.startsWith(SESSION_COOKIE + "="))
                .findFirst();
    }

    /** The endpoint. */
    URI url() {
        return url;
    }

    /** Stops the client's threads. */
    @Override
    public void close() {
        if (http instanceof AutoCloseable c) { // HttpClient is AutoCloseable from Java 21 on
            try {
                c.close();
            } catch (Exception ignored) {
                // closing is best effort
            }
        }
        executor.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "selfheal-vsphere-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
