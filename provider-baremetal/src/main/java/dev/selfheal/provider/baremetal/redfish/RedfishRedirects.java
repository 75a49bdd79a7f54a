package dev.selfheal.provider.baremetal.redfish;

import dev.selfheal.provider.baremetal.bmc.BmcCall;
import dev.selfheal.spi.PermanentProviderException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps one Redfish exchange on the BMC it was configured for. Every request carries the BMC's credentials
 * (a {@code Basic} header, a session token, or the login body with the password), so a request may only go
 * to the configured origin (scheme, host and port): not to an absolute link a BMC put into a body or a
 * {@code Location} header, not to where a redirect points. A same-origin redirect is followed at most
 * {@link #MAX} times (303, and 301/302 after a {@code POST}, as a {@code GET} without body; 307 and 308
 * with method and body); a redirect to another origin is a {@link PermanentProviderException} naming the
 * BMC and the call, and nothing is sent there. Not thread-safe: one per exchange.
 */
final class RedfishRedirects {

    /** The most same-origin redirects one exchange follows. */
    static final int MAX = 5;

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final BmcCall call;
    private final String operation;
    private final URI origin;
    private int followed;

    RedfishRedirects(BmcCall call, String operation) {
        this.call = call;
        this.operation = operation;
        this.origin = RedfishAuth.base(call);
    }

    /** The request itself when it goes to the BMC's origin; else the refusal. */
    HttpRequest check(HttpRequest request) {
        if (!sameOrigin(request.uri())) {
            throw refused("linked " + request.method() + " " + request.uri().getRawPath() + " at "
                    + originOf(request.uri()) + ", another server; requests (and the BMC's credentials) only go to the"
                    + " BMC's own address, so nothing was sent there");
        }
        return request;
    }

    /**
     * The request that follows a redirect answer, or empty when {@code response} is not a redirect with a
     * {@code Location} (it is then the answer).
     */
    Optional<HttpRequest> follow(HttpRequest sent, RedfishResponse response) {
        Optional<String> location = response.header("Location");
        if (!REDIRECTS.contains(response.status()) || location.isEmpty()) {
            return Optional.empty();
        }
        URI target = resolve(sent.uri(), location.get(), response.status());
        if (!sameOrigin(target)) {
            throw refused("answered HTTP " + response.status() + " redirecting " + sent.method() + " "
                    + sent.uri().getRawPath() + " to " + originOf(target) + ", another server; redirects are only"
                    + " followed within the BMC's own address, so its credentials were not sent there");
        }
        if (++followed > MAX) {
            throw refused("redirected " + sent.method() + " " + sent.uri().getRawPath() + " more than " + MAX + " times");
        }
        HttpRequest.Builder next = HttpRequest.newBuilder(sent, (name, value) -> true).uri(target);
        boolean toGet = response.status() == 303
                || (response.status() == 301 || response.status() == 302) && "POST".equals(sent.method());
        if (toGet) {
            next = HttpRequest.newBuilder(sent, (name, value) -> !name.equalsIgnoreCase("Content-Type")
                    && !name.equalsIgnoreCase("If-Match")).uri(target).GET();
        }
        return Optional.of(next.build());
    }

    private URI resolve(URI base, String location, int status) {
        try {
            return base.resolve(new URI(location.trim()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw refused("answered HTTP " + status + " with a Location that is not a URI");
        }
    }

    private boolean sameOrigin(URI uri) {
        return uri.getScheme() != null && uri.getHost() != null && uri.getRawUserInfo() == null
                && origin.getScheme().equalsIgnoreCase(uri.getScheme())
                && origin.getHost().equalsIgnoreCase(uri.getHost())
                && port(origin) == port(uri);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "http".equals(uri.getScheme().toLowerCase(Locale.ROOT)) ? 80 : 443;
    }

    /** {@code scheme://host:port} only: never a path, query or user information a peer chose. */
    private String originOf(URI uri) {
        if (uri.getScheme() == null || uri.getHost() == null) {
            return "a location without a host";
        }
        return call.redactor().redact(uri.getScheme() + "://" + uri.getHost() + ":" + port(uri));
    }

    private PermanentProviderException refused(String what) {
        return new PermanentProviderException(call.describe(), operation, call.redactor().redact("the BMC at "
                + call.target().address() + " " + what));
    }
}
