package io.cdp.ingestion;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP proxy in front of a real server that can be made unresponsive: while stalled it accepts
 * connections and reads requests but forwards nothing, so that callers wait for an answer that
 * never comes, as with a paused Elasticsearch. Healed, it forwards again.
 */
final class StallingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String upstreamHost;
    private final int upstreamPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "stalling-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean stalled;

    StallingProxy(String upstreamUrl) throws IOException {
        URI upstream = URI.create(upstreamUrl);
        this.upstreamHost = upstream.getHost();
        this.upstreamPort = upstream.getPort();
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(this::acceptLoop);
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    void stall() {
        stalled = true;
    }

    void heal() {
        stalled = false;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                threads.submit(() -> forward(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    /**
     * Client to server, connecting upstream on the first byte that is forwarded; bytes read while
     * stalled are dropped.
     */
    private void forward(Socket client) {
        Socket upstream = null;
        try (client) {
            InputStream in = client.getInputStream();
            byte[] buffer = new byte[8192];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                if (stalled) {
                    continue;
                }
                if (upstream == null) {
                    upstream = new Socket(upstreamHost, upstreamPort);
                    sockets.add(upstream);
                    Socket from = upstream;
                    threads.submit(() -> copy(from, client));
                }
                upstream.getOutputStream().write(buffer, 0, read);
            }
        } catch (IOException connectionClosed) {
            // the caller gave up on this connection (its timeout) or the proxy is closing
        } finally {
            closeQuietly(upstream);
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[8192];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                out.write(buffer, 0, read);
            }
        } catch (IOException connectionClosed) {
            // either side closed: the forward loop closes both
        } finally {
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException alreadyClosed) {
                // nothing left to release
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(StallingProxy::closeQuietly);
        threads.shutdownNow();
    }
}
