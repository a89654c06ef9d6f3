package io.loomotp.processor.model;

import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * A {@code @Call} or {@code @Cast} handler: its method, the record its message travels in, and its reply.
 *
 * @param method the user's method name, which is also the client method's name
 * @param record the simple name of the message record
 * @param params the method's parameters, in order
 * @param reply the reply type seen by the caller, or null for a cast
 * @param deferred true when the method returns void and answers through a {@code ReplyTo}
 * @param varargs true when the last parameter is varargs
 * @param throwsChecked true when the method declares checked exceptions
 * @param doc the description of the method's Javadoc, which the client's method carries, or null
 */
public record MessageHandler(String method, String record, List<Param> params, TypeName reply, boolean deferred,
                             boolean varargs, boolean throwsChecked, String doc) {

    /** The parameters that are components of the message record. */
    public List<Param> components() {
        return params.stream().filter(Param::isMessage).toList();
    }

    public boolean isCall() {
        return reply != null;
    }
}
