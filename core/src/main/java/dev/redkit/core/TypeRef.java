package dev.redkit.core;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * Captures a generic type for a codec, for example {@code new TypeRef<List<Offer>>() {}}.
 *
 * @param <T> the captured type
 */
public abstract class TypeRef<T> {

    private final Type type;

    /**
     * Captures the type argument of the anonymous subclass.
     *
     * @throws IllegalStateException if created without a type argument
     */
    protected TypeRef() {
        Type superclass = getClass().getGenericSuperclass();
        if (!(superclass instanceof ParameterizedType)) {
            throw new IllegalStateException(
                    "TypeRef must be created with a type argument, as new TypeRef<List<X>>() {}");
        }
        this.type = ((ParameterizedType) superclass).getActualTypeArguments()[0];
    }

    /** @return the captured type */
    public Type type() {
        return type;
    }

    @Override
    public String toString() {
        return type.getTypeName();
    }
}
