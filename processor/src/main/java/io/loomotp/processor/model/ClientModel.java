package io.loomotp.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * What the client writer needs of any behaviour: its classes, how it starts, and the messages its client sends.
 *
 * @param type the user's class
 * @param ref the generated client
 * @param dispatch the generated dispatch glue
 * @param isPublic whether the user's class (and so its client) is public
 * @param kind how the client's Javadoc names the behaviour: {@code server}, {@code state machine}
 * @param startApi the runtime class that starts it: {@code GenServer} or {@code GenStatem}
 * @param defaultName the name from the annotation, or empty
 * @param hasAnnotationOptions whether the dispatch completes start options from the annotation
 * @param initialState the type of the first state a start must be given (a state machine without {@code @Init}), or
 *     null
 * @param calls the messages that wait for a reply
 * @param casts the messages that do not
 * @param hasNoArgConstructor whether {@code start(Node)} can use the no-argument constructor
 */
public record ClientModel(ClassName type, ClassName ref, ClassName dispatch, boolean isPublic, String kind,
                          ClassName startApi, String defaultName, boolean hasAnnotationOptions, TypeName initialState,
                          List<MessageHandler> calls, List<MessageHandler> casts, boolean hasNoArgConstructor) {}
