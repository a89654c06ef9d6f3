module io.loomotp.cluster {
    requires io.loomotp.runtime;
    requires org.slf4j;
    requires org.jgroups;
    requires com.esotericsoftware.kryo;
    exports io.loomotp.cluster;
    // Kryo builds the controllers' state records (DistState) through their canonical constructor.
    opens io.loomotp.cluster.internal to com.esotericsoftware.kryo;
}
