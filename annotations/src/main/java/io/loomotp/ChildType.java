package io.loomotp;

/** Whether a supervisor's child is a worker or a supervisor itself; supervisors default to an infinite shutdown. */
public enum ChildType {
    WORKER,
    SUPERVISOR
}
