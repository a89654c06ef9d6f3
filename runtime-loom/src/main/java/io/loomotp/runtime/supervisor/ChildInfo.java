package io.loomotp.runtime.supervisor;

import io.loomotp.ChildType;
import io.loomotp.runtime.Pid;

/**
 * One child as {@code whichChildren} lists it, as OTP's {@code {Id, Child, Type, Modules}}.
 *
 * @param id its id; null for a child of a {@code SIMPLE_ONE_FOR_ONE} supervisor, as OTP's {@code undefined}
 * @param pid its pid while it runs, else null
 * @param status whether it runs, is being restarted, or has no process (ignored, terminated, or failed)
 * @param type worker or supervisor
 */
public record ChildInfo(String id, Pid pid, Status status, ChildType type) {
    /** A child's state. */
    public enum Status {
        RUNNING,
        /** A restart failed and the supervisor is trying again (OTP's {@code restarting}). */
        RESTARTING,
        /** No process: its start returned ignore, or it was terminated (OTP's {@code undefined}). */
        UNDEFINED
    }
}
