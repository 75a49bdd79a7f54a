package dev.selfheal.agent.probe;


/** How the agent asks a component whether it is healthy. */
public enum ProbeType {
    /** An HTTP GET that must answer 2xx (and contain {@code expectBody} when set). */
    HTTP,
    /** An HTTPS GET, optionally with a client certificate, that must answer 2xx. */
    HTTPS,
    /** A TCP connection that must open. */
    TCP,
    /** A command that must exit 0, such as {@code crictl info}. */
    EXEC,
    /** The container runtime's CRI socket must accept a connection. */
    CRI_SOCKET,
    /** No probe: healthy while the runtime reports it running. */
    NONE
}
