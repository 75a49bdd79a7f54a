package dev.selfheal.testbed.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Forwards TCP connections from an address the real nodes can reach (the host end of their network) to a
 * peer that listens on 127.0.0.1 only, such as the testbed's kube-apiserver. Bytes pass unchanged (TLS stays
 * end to end).
 */
final class TcpRelay implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;

    private TcpRelay(ServerSocket server, int targetPort) {
        this.server = server;
        this.targetPort = targetPort;
    }

    /** Listens on {@code address} (a free port) and forwards to 127.0.0.1:{@code targetPort}. */
    static TcpRelay start(String address, int targetPort) {
        try {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
            TcpRelay relay = new TcpRelay(s, targetPort);
            Thread t = new Thread(relay::accept, "node-relay-" + targetPort);
            t.setDaemon(true);
            t.start();
            return relay;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address + " for the real nodes", e);
        }
    }

    /** The port it listens on. */
    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket in;
            try {
                in = server.accept();
            } catch (IOException e) {
                continue; // the listener closed
            }
            try {
                Socket out = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                pump(in, out);
                pump(out, in);
            } catch (IOException e) {
                closeQuietly(in); // the target refused: the client sees the connection closed
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream is = from.getInputStream(); OutputStream os = to.getOutputStream()) {
                is.transferTo(os);
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "node-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
