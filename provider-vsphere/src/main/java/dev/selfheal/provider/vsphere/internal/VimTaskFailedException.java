package dev.selfheal.provider.vsphere.internal;

/** A task was accepted but ended in state {@code error}. */
public final class VimTaskFailedException extends VimFaultException {

    private static final long serialVersionUID = 1L;

    private final MoRef task;

    /**
     * @param method the method that started the task, such as {@code PowerOffVM_Task}
     * @param task the task
     * @param fault the task's {@code info.error}
     * @param entity what the task acted on, for the message (a VM's name and reference)
     */
    public VimTaskFailedException(String method, MoRef task, VimFault fault, String entity) {
        super(method, fault, "task " + task.value() + " on " + entity);
        this.task = task;
    }

    /** The task that failed. */
    public MoRef task() {
        return task;
    }
}
