package io.loomotp.runtime;

import java.util.Objects;

/**
 * A process alias: OTP 24's {@code alias()}. A message sent to it ({@link Process#send(Alias, Object)}) reaches its
 * owner while the alias is active, and is dropped, silently, once the owner has deactivated it
 * ({@link Process#unalias}), once it has taken its one message ({@link AliasMode#REPLY}), or once the owner is dead.
 * What it is for: a reply address that a client can retire, so that a late answer to a request it gave up on never
 * reaches its mailbox. It can be sent to another node and used there.
 *
 * @param owner the process it delivers to
 * @param ref what makes it unique (equal aliases have equal references)
 */
public record Alias(Pid owner, MonitorRef ref) {
    public Alias {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(ref, "ref");
    }

    @Override
    public String toString() {
        return "#Alias<" + ref.id() + ">" + owner;
    }
}
