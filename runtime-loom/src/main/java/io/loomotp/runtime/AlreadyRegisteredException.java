package io.loomotp.runtime;

/**
 * A name was already registered to another live process. Carries that process, as OTP's
 * {@code {already_started, Pid}} does.
 */
public sealed class AlreadyRegisteredException extends OtpException permits AlreadyStartedException {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final transient Pid holder;

    public AlreadyRegisteredException(String name, Pid holder) {
        this("name '" + name + "' is already registered to " + holder, name, holder);
    }

    AlreadyRegisteredException(String message, String name, Pid holder) {
        super(message);
        this.name = name;
        this.holder = holder;
    }

    /** The name asked for. */
    public String name() {
        return name;
    }

    /** The live process that holds the name. */
    public Pid holder() {
        return holder;
    }
}
