package io.loomotp.cluster.internal;

import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import io.loomotp.cluster.ClassNotAllowedException;

/**
 * Kryo's class resolver with the allow-list in front: a class not on it is refused before it is written, and, on the
 * reading side, by its name before it is loaded. Registered classes (the built-in ids of {@link Codec}) are on it by
 * construction. One per Kryo instance, as Kryo requires.
 */
final class AllowListResolver extends DefaultClassResolver {
    private final AllowList allow;

    AllowListResolver(AllowList allow) {
        this.allow = allow;
    }

    @Override
    @SuppressWarnings("rawtypes") // Kryo's signature
    public Registration writeClass(Output output, Class type) {
        if (type != null && getRegistration(type) == null && !allow.allows(type)) {
            throw new ClassNotAllowedException(type.getName(), "refused by the sender");
        }
        return super.writeClass(output, type);
    }

    @Override
    protected Class<?> getTypeByName(String className) {
        if (!allow.allows(className)) {
            throw new ClassNotAllowedException(className, "refused by the receiver");
        }
        return super.getTypeByName(className);
    }
}
