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
 * @param label the name tools show for it: its id, or for a {@code SIMPLE_ONE_FOR_ONE} child the template's id with
 *     the arguments it was started with ({@code phone[100003]}), as the supervisor's reports name it (OTP's
 *     {@code mfargs} in an offender); never null
 */
public record ChildInfo(String id, Pid pid, Status status, ChildType type, String label) {
    /** A child whose label is its id. */
    public ChildInfo(String id, Pid pid, Status status, ChildType type) {
        this(id, pid, status, type, id);
    }

    public ChildInfo {
        java.util.Objects.requireNonNull(label, () -> id == null
                ? "a SIMPLE_ONE_FOR_ONE child (id null) needs its label, the template's id with its arguments as "
                        + "whichChildren gives it (phone[100003]); or compare pids and statuses"
                : "label");
    }

    /** A child's state. */
    public enum Status {
        RUNNING,
        /** A restart failed and the supervisor is trying again (OTP's {@code restarting}). */
        RESTARTING,
        /** No process: its start returned ignore, or it was terminated (OTP's {@code undefined}). */
        UNDEFINED
    }
}
