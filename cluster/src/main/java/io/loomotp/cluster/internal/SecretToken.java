package io.loomotp.cluster.internal;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jgroups.Message;
import org.jgroups.auth.AuthToken;

/**
 * JGroups AUTH's token for a shared secret, as Erlang's cookie: a joining (or merging) node presents an HMAC-SHA256
 * of a fixed label under the secret, and the coordinator admits it only if its own is the same. The secret itself
 * never crosses. Without encryption an observer of the wire could replay the digest, as one can replay a cookie's
 * challenge answer only with more effort; see docs/distribution.md (security model).
 *
 * <p>JGroups makes the receiving side's instance from the class name with the public no-argument constructor, then
 * reads the digest with {@link #readFrom}.
 */
public final class SecretToken extends AuthToken {
    private byte[] digest = new byte[0];

    public SecretToken() {}

    SecretToken(String secret, String clusterName) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            digest = mac.doFinal(("loomotp-cluster-join:" + clusterName).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String getName() {
        return SecretToken.class.getName();
    }

    @Override
    public int size() {
        return Integer.BYTES + digest.length;
    }

    @Override
    public boolean authenticate(AuthToken token, Message msg) {
        return token instanceof SecretToken other && digest.length > 0
                && MessageDigest.isEqual(digest, other.digest);
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(digest.length);
        out.write(digest);
    }

    @Override
    public void readFrom(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 64) {
            throw new IOException("bad auth token length " + n);
        }
        digest = new byte[n];
        in.readFully(digest);
    }
}
