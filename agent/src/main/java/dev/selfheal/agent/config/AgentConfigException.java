package dev.selfheal.agent.config;


/** The node agent's configuration is wrong; the message names the field and what is allowed. */
public class AgentConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String detail;

    /**
     * @param field the field path, such as {@code components[2].runtime}
     * @param message what is wrong and what is allowed
     */
    public AgentConfigException(String field, String message) {
        super("invalid node agent configuration, field '" + field + "': " + message);
        this.field = field;
        this.detail = message;
    }

    /** The same problem, for a field nested under {@code prefix} (such as {@code components[2]}). */
    public AgentConfigException under(String prefix) {
        AgentConfigException e = new AgentConfigException(prefix + "." + field, detail);
        e.initCause(this);
        return e;
    }

    /** The offending field path. */
    public String field() {
        return field;
    }
}
