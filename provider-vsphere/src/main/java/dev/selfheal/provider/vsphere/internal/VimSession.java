package dev.selfheal.provider.vsphere.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A vCenter login session: logs in on first use ({@code RetrieveServiceContent}, {@code Login}), sends every
 * call with the session cookie, logs in again once when a call fails with {@code NotAuthenticated} (the
 * session expired, was terminated, or vCenter restarted) and repeats the call, keeps the session alive on a
 * schedule, and logs out on {@link #close()}. Thread-safe. The password and the session cookie are never
 * logged.
 */
public final class VimSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VimSession.class);
    private static final MoRef SERVICE_INSTANCE = MoRef.of("ServiceInstance", "ServiceInstance");
    private static final String INITIAL_SOAP_ACTION = "urn:vim25/6.5";

    /** A logged-in state; replaced as a whole on re-login. */
    private record Login(String cookie, ServiceContent content) {
        @Override
        public String toString() {
            return "Login[****]";
        }
    }

    private final VimEndpoint endpoint;
    private final SoapTransport transport;
    private final Object loginLock = new Object();
    private final ScheduledExecutorService keepAliveTimer;
    private volatile Login login;
    private volatile boolean closed;

    /** A session for {@code endpoint}; nothing is sent until the first call. */
    public VimSession(VimEndpoint endpoint) {
        this.endpoint = endpoint;
        this.transport = new SoapTransport(endpoint.url(), endpoint.sslContext(), endpoint.connectTimeout(),
                endpoint.redactor());
        this.keepAliveTimer = endpoint.keepAliveInterval().isZero() ? null : startKeepAlive(endpoint.keepAliveInterval());
    }

    /** Removes the endpoint's secrets from a server's text; see {@link VimEndpoint#redactor()}. */
    public dev.selfheal.spi.Redactor redactor() {
        return endpoint.redactor();
    }

    /** The endpoint. */
    public VimEndpoint endpoint() {
        return endpoint;
    }

    /** The server's service content (logs in when needed). */
    public ServiceContent serviceContent() {
        return current().content();
    }

    /** Calls with the default request time-out; see {@link #invoke(SoapRequest, Function, Duration)}. */
    public <T> T invoke(SoapRequest request, Function<XmlNode, T> reader) {
        return invoke(request, reader, endpoint.requestTimeout());
    }

    /**
     * Sends a request in the session and reads the answer with {@code reader}. When the call or the reader
     * fails with {@code NotAuthenticated}, logs in again and repeats the call once (a rejected call had no
     * effect, so repeating it is safe).
     *
     * @param request the request
     * @param reader reads the response element; may throw {@link VimFaultException}
     * @param timeout how long the call may take
     */
    public <T> T invoke(SoapRequest request, Function<XmlNode, T> reader, Duration timeout) {
        Login l = current();
        try {
            return call(l, request, reader, timeout);
        } catch (VimFaultException e) {
            if (!e.is("NotAuthenticated")) {
                throw e;
            }
            LOG.info("vCenter session of user '{}' at {} is no longer valid ({}); logging in again",
                    endpoint.username(), endpoint.url(), request.method());
            return call(relogin(l), request, reader, timeout);
        }
    }

    /**
     * Keeps the session alive by reading {@code SessionManager.currentSession}; logs in again when the session
     * is gone. Does nothing before the first login.
     *
     * @return whether a new login was needed
     */
    public boolean keepAlive() {
        Login before = login;
        if (before == null || closed) {
            return false;
        }
        invoke(PropertyRetrieval.retrieve(before.content().propertyCollector(), before.content().sessionManager(),
                List.of("currentSession")), VimSession::requireSession);
        return login != before;
    }

    private static Boolean requireSession(XmlNode response) {
        boolean present = PropertyRetrieval.parse("RetrievePropertiesEx", response).objects().stream()
                .anyMatch(o -> o.get("currentSession").isPresent());
        if (!present) {
            throw new VimFaultException("RetrievePropertiesEx",
                    new VimFault("NotAuthenticated", "the session has no current user session", Map.of()), "");
        }
        return Boolean.TRUE;
    }

    private <T> T call(Login l, SoapRequest request, Function<XmlNode, T> reader, Duration timeout) {
        SoapTransport.Reply reply = transport.post(request, l.cookie(), soapAction(l), timeout);
        try {
            return reader.apply(reply.response());
        } catch (VimFaultException e) {
            throw e.redacted(endpoint.redactor()); // a reader's fault (a missingSet) holds the server's text
        }
    }

    private Login current() {
        if (closed) {
            throw new IllegalStateException("the vSphere session to " + endpoint.url() + " is closed");
        }
        Login l = login;
        return l != null ? l : relogin(null);
    }

    private Login relogin(Login stale) {
        synchronized (loginLock) {
            Login l = login;
            if (l != null && l != stale) {
                return l; // another thread already logged in again
            }
            login = logIn();
            return login;
        }
    }

    private Login logIn() {
        Duration t = endpoint.requestTimeout();
        ServiceContent content = ServiceContent.from(transport.post(SoapRequest.of("RetrieveServiceContent",
                SERVICE_INSTANCE), null, INITIAL_SOAP_ACTION, t).response());
        SoapRequest request = SoapRequest.of("Login", content.sessionManager(),
                w -> w.text("userName", endpoint.username()).text("password", endpoint.password().reveal()));
        SoapTransport.Reply reply;
        try {
            reply = transport.post(request, null, "urn:vim25/" + content.apiVersion(), t);
        } catch (VimFaultException e) {
            throw new VimFaultException("Login", e.fault(), "as user '" + endpoint.username() + "' at " + endpoint.url());
        }
        String cookie = reply.sessionCookie().orElseThrow(() -> new VimTransportException("Login",
                VimTransportException.Kind.PROTOCOL, "the server set no " + SoapTransport.SESSION_COOKIE + " cookie", null));
        LOG.info("logged in to {} ({}) as user '{}'", endpoint.url(), endpoint.redactor().redact(content.fullName()),
                endpoint.username());
        return new Login(cookie, content);
    }

    private static String soapAction(Login l) {
        return "urn:vim25/" + l.content().apiVersion();
    }

    private ScheduledExecutorService startKeepAlive(Duration every) {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "selfheal-vsphere-keepalive");
            t.setDaemon(true);
            return t;
        });
        long millis = every.toMillis();
        s.scheduleWithFixedDelay(this::keepAliveQuietly, millis, millis, TimeUnit.MILLISECONDS);
        return s;
    }

    private void keepAliveQuietly() {
        try {
            if (keepAlive()) {
                LOG.info("keep-alive found the vCenter session at {} gone and logged in again", endpoint.url());
            }
        } catch (RuntimeException e) {
            LOG.warn("keep-alive of the vCenter session at {} failed: {}", endpoint.url(), e.getMessage());
        }
    }

    /** Stops the keep-alive, logs out (best effort, bounded by the request time-out) and releases the client. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (keepAliveTimer != null) {
            keepAliveTimer.shutdownNow();
        }
        Login l = login;
        login = null;
        try {
            if (l != null) {
                transport.post(SoapRequest.of("Logout", l.content().sessionManager()), l.cookie(), soapAction(l),
                        endpoint.requestTimeout());
                LOG.info("logged out of {}", endpoint.url());
            }
        } catch (RuntimeException e) {
            LOG.debug("logout from {} failed (the session ends on the server anyway): {}", endpoint.url(), e.getMessage());
        } finally {
            transport.close();
        }
    }

    @Override
    public String toString() {
        return "VimSession[" + endpoint + "]";
    }
}
