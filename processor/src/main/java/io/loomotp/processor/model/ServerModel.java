package io.loomotp.processor.model;

import com.palantir.javapoet.ClassName;
import io.loomotp.processor.base.RuntimeNames;
import java.util.List;

/**
 * Everything the writers need to know about one {@code @Server} class: a validated description, with no reference to
 * the compiler's elements.
 *
 * @param server the user's class
 * @param ref the generated client
 * @param dispatch the generated dispatch glue
 * @param isPublic whether the user's class (and so its client) is public
 * @param defaultName the name from {@code @Server(name)}, or empty
 * @param mailboxCapacity the bound from {@code @Server(mailboxCapacity)}, or 0
 * @param overflow the constant name of {@code @Server(overflow)}
 * @param calls the {@code @Call} handlers, in declaration order
 * @param casts the {@code @Cast} handlers, in declaration order
 * @param infos the {@code @Info} handlers, most specific type first
 * @param continues the {@code @Continue} handlers, most specific type first
 * @param init the {@code @Init} handler, or null
 * @param terminate the {@code @Terminate} handler, or null
 * @param fields the instance fields, in declaration order
 * @param declaresToString whether the class declares its own {@code toString()}, used for its state then
 * @param hasNoArgConstructor whether a {@code start(Node)} without a factory can use {@code Server::new}
 */
public record ServerModel(ClassName server, ClassName ref, ClassName dispatch, boolean isPublic, String defaultName,
                          int mailboxCapacity, String overflow, List<MessageHandler> calls,
                          List<MessageHandler> casts, List<InfoHandler> infos, List<InfoHandler> continues,
                          LifecycleHandler init,
                          LifecycleHandler terminate, List<StateField> fields, boolean declaresToString,
                          boolean hasNoArgConstructor) {

    /** True when the start options must be completed from the annotation. */
    public boolean hasAnnotationOptions() {
        return !defaultName.isEmpty() || mailboxCapacity > 0;
    }

    /** What the client writer needs. */
    public ClientModel client() {
        return new ClientModel(server, ref, dispatch, isPublic, "server", RuntimeNames.GEN_SERVER, defaultName,
                hasAnnotationOptions(), null, calls, casts, hasNoArgConstructor);
    }
}
