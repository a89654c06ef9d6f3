module io.loomotp.cluster {
    requires io.loomotp.runtime;
    requires org.slf4j;
    requires org.jgroups;
    requires com.esotericsoftware.kryo;
    exports io.loomotp.cluster;
    // the test kit's network-fault hook: to loomotp-testkit-cluster only (its Automatic-Module-Name), not an API
    exports io.loomotp.cluster.fault to io.loomotp.testkit.cluster;
    // Kryo builds the controllers' state records (DistState) through their canonical constructor.
    opens io.loomotp.cluster.internal to com.esotericsoftware.kryo;
}
