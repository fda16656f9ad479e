<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ErrorText</name>
    <message>
        <source>Check that the brokers are running and that the bootstrap servers are right.</source>
        <translation>Check that the brokers are running and that the bootstrap servers are right.</translation>
    </message>
    <message>
        <source>The cluster did not answer in time; it may be overloaded or unreachable.</source>
        <translation>The cluster did not answer in time; it may be overloaded or unreachable.</translation>
    </message>
    <message>
        <source>Choose another name, or delete the existing topic first.</source>
        <translation>Choose another name, or delete the existing topic first.</translation>
    </message>
    <message>
        <source>The replication factor cannot be larger than the number of live brokers.</source>
        <translation>The replication factor cannot be larger than the number of live brokers.</translation>
    </message>
    <message>
        <source>A topic needs at least one partition, and partitions can only be added, never removed.</source>
        <translation>A topic needs at least one partition, and partitions can only be added, never removed.</translation>
    </message>
    <message>
        <source>Topic names use only letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;, and are at most 249 characters long.</source>
        <translation>Topic names use only letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;, and are at most 249 characters long.</translation>
    </message>
    <message>
        <source>The brokers run with delete.topic.enable=false.</source>
        <translation>The brokers run with delete.topic.enable=false.</translation>
    </message>
    <message>
        <source>One of the topic settings has a value the broker does not accept.</source>
        <translation>One of the topic settings has a value the broker does not accept.</translation>
    </message>
    <message>
        <source>The topic no longer exists; it may have been deleted meanwhile.</source>
        <translation>The topic no longer exists; it may have been deleted meanwhile.</translation>
    </message>
    <message>
        <source>The cluster&apos;s create-topic policy refused the request.</source>
        <translation>The cluster&apos;s create-topic policy refused the request.</translation>
    </message>
    <message>
        <source>The client&apos;s principal lacks the ACL this operation needs.</source>
        <translation>The client&apos;s principal lacks the ACL this operation needs.</translation>
    </message>
    <message>
        <source>%1: %2: %3</source>
        <translation>%1: %2: %3</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Pier desktop console for Kafka-compatible clusters.</source>
        <translation>Pier desktop console for Kafka-compatible clusters.</translation>
    </message>
    <message>
        <source>User interface language: %1.</source>
        <translation>User interface language: %1.</translation>
    </message>
    <message>
        <source>A local file to show read-only in the hex view.</source>
        <translation>A local file to show read-only in the hex view.</translation>
    </message>
    <message>
        <source>Connect at start to the cluster with these bootstrap servers.</source>
        <translation>Connect at start to the cluster with these bootstrap servers.</translation>
    </message>
    <message>
        <source>The name shown for the --bootstrap connection.</source>
        <translation>The name shown for the --bootstrap connection.</translation>
    </message>
    <message>
        <source>Ask the cluster again every N seconds (remembered).</source>
        <translation>Ask the cluster again every N seconds (remembered).</translation>
    </message>
    <message>
        <source>The page to show first: overview, topics, groups, messages, charts or file.</source>
        <translation>The page to show first: overview, topics, groups, messages, charts or file.</translation>
    </message>
    <message>
        <source>On the topics and messages pages, select this topic once it is known.</source>
        <translation>On the topics and messages pages, select this topic once it is known.</translation>
    </message>
    <message>
        <source>On the groups page, select this consumer group once it is known.</source>
        <translation>On the groups page, select this consumer group once it is known.</translation>
    </message>
    <message>
        <source>With --topic: open this topic&apos;s configs or produce dialog.</source>
        <translation>With --topic: open this topic&apos;s configs or produce dialog.</translation>
    </message>
    <message>
        <source>With --dialog produce: load this saved template.</source>
        <translation>With --dialog produce: load this saved template.</translation>
    </message>
</context>
<context>
    <name>pier::AdminConnection</name>
    <message>
        <source>%1 works over plaintext connections only.</source>
        <translation>%1 works over plaintext connections only.</translation>
    </message>
</context>
<context>
    <name>pier::BrokerTableModel</name>
    <message>
        <source>Controller</source>
        <translation>Controller</translation>
    </message>
    <message>
        <source>Broker</source>
        <translation>Broker</translation>
    </message>
    <message>
        <source>Host:Port</source>
        <translation>Host:Port</translation>
    </message>
    <message>
        <source>Rack</source>
        <translation>Rack</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Leaders</source>
        <translation>Leaders</translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation>Replicas</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 of %2</translation>
    </message>
    <message>
        <source>The broker reported no log directory.</source>
        <translation>The broker reported no log directory.</translation>
    </message>
    <message>
        <source>Log directories not known: %1</source>
        <translation>Log directories not known: %1</translation>
    </message>
    <message>
        <source>%1: offline (%2)</source>
        <translation>%1: offline (%2)</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n replica(s), %2</source>
        <translation>
            <numerusform>%1: %n replica, %2</numerusform>
            <numerusform>%1: %n replicas, %2</numerusform>
        </translation>
    </message>
    <message>
        <source>; %1 free of %2</source>
        <translation>; %1 free of %2</translation>
    </message>
    <message>
        <source>Log dirs</source>
        <translation>Log dirs</translation>
    </message>
    <message>
        <source>Disk free</source>
        <translation>Disk free</translation>
    </message>
</context>
<context>
    <name>pier::ChartsPage</name>
    <message>
        <source>broker %1</source>
        <translation>broker %1</translation>
    </message>
    <message>
        <source>%1 — %2 msg/s</source>
        <translation>%1 — %2 msg/s</translation>
    </message>
    <message>
        <source>Last 5 minutes</source>
        <translation>Last 5 minutes</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Last hour</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Last 24 hours</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Resume</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pause</translation>
    </message>
    <message>
        <source>messages/s</source>
        <translation>messages/s</translation>
    </message>
    <message>
        <source>%1 (consumed)</source>
        <translation>%1 (consumed)</translation>
    </message>
    <message>
        <source>broker %1 (consumed)</source>
        <translation>broker %1 (consumed)</translation>
    </message>
    <message>
        <source>Produce rates from high watermarks and consume rates from consumer groups&apos; committed offsets at every refresh. Wheel or drag on the chart to zoom in time; double-click to follow again.</source>
        <translation>Produce rates from high watermarks and consume rates from consumer groups&apos; committed offsets at every refresh. Wheel or drag on the chart to zoom in time; double-click to follow again.</translation>
    </message>
</context>
<context>
    <name>pier::ClusterSession</name>
    <message>
        <source>Not connected to a cluster.</source>
        <translation>Not connected to a cluster.</translation>
    </message>
</context>
<context>
    <name>pier::ConnectDialog</name>
    <message>
        <source>Connect to Cluster</source>
        <translation>Connect to Cluster</translation>
    </message>
    <message>
        <source>&amp;Import .properties…</source>
        <translation>&amp;Import .properties…</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Connect</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Bootstrap servers:</source>
        <translation>&amp;Bootstrap servers:</translation>
    </message>
    <message>
        <source>Client &amp;properties:</source>
        <translation>Client &amp;properties:</translation>
    </message>
    <message>
        <source>Line %1 is not key=value: %2</source>
        <translation>Line %1 is not key=value: %2</translation>
    </message>
    <message>
        <source>Import Client Properties</source>
        <translation>Import Client Properties</translation>
    </message>
    <message>
        <source>Properties files (*.properties *.conf);;All files (*)</source>
        <translation>Properties files (*.properties *.conf);;All files (*)</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Cannot read %1: %2</translation>
    </message>
    <message>
        <source>Enter at least one bootstrap server, as host:port.</source>
        <translation>Enter at least one bootstrap server, as host:port.</translation>
    </message>
    <message>
        <source>New connection</source>
        <translation>New connection</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>optional, e.g. localhost:2181</source>
        <translation>optional, e.g. localhost:2181</translation>
    </message>
    <message>
        <source>None</source>
        <translation>None</translation>
    </message>
    <message>
        <source>Red (production)</source>
        <translation>Red (production)</translation>
    </message>
    <message>
        <source>Orange</source>
        <translation>Orange</translation>
    </message>
    <message>
        <source>Green</source>
        <translation>Green</translation>
    </message>
    <message>
        <source>Blue</source>
        <translation>Blue</translation>
    </message>
    <message>
        <source>Purple</source>
        <translation>Purple</translation>
    </message>
    <message>
        <source>&amp;Save this connection (secrets go to the keychain)</source>
        <translation>&amp;Save this connection (secrets go to the keychain)</translation>
    </message>
    <message>
        <source>Sa&amp;ved:</source>
        <translation>Sa&amp;ved:</translation>
    </message>
    <message>
        <source>C&amp;oordinator:</source>
        <translation>C&amp;oordinator:</translation>
    </message>
    <message>
        <source>Co&amp;lour:</source>
        <translation>Co&amp;lour:</translation>
    </message>
    <message>
        <source>Kept in the keychain: %1. Type a value here only to replace it.</source>
        <translation>Kept in the keychain: %1. Type a value here only to replace it.</translation>
    </message>
</context>
<context>
    <name>pier::CreateTopicDialog</name>
    <message>
        <source>Create Topic</source>
        <translation>Create Topic</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>Setting</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Default</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Create</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Partitions:</source>
        <translation>&amp;Partitions:</translation>
    </message>
    <message>
        <source>&amp;Replication factor:</source>
        <translation>&amp;Replication factor:</translation>
    </message>
    <message>
        <source>Settings left empty keep the broker&apos;s default.</source>
        <translation>Settings left empty keep the broker&apos;s default.</translation>
    </message>
    <message>
        <source>Enter a topic name.</source>
        <translation>Enter a topic name.</translation>
    </message>
    <message>
        <source>A topic cannot be named &quot;.&quot; or &quot;..&quot;.</source>
        <translation>A topic cannot be named &quot;.&quot; or &quot;..&quot;.</translation>
    </message>
    <message>
        <source>A topic name has at most %1 characters.</source>
        <translation>A topic name has at most %1 characters.</translation>
    </message>
    <message>
        <source>A topic name uses only ASCII letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;.</source>
        <translation>A topic name uses only ASCII letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;.</translation>
    </message>
    <message>
        <source>Note: &apos;.&apos; and &apos;_&apos; can collide in metric names; avoid mixing them.</source>
        <translation>Note: &apos;.&apos; and &apos;_&apos; can collide in metric names; avoid mixing them.</translation>
    </message>
</context>
<context>
    <name>pier::FileBytes</name>
    <message>
        <source>%1 does not exist.</source>
        <translation>%1 does not exist.</translation>
    </message>
    <message>
        <source>%1 is not a regular file.</source>
        <translation>%1 is not a regular file.</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>Cannot open %1: %2</translation>
    </message>
    <message>
        <source>Cannot map %1 into memory: %2</source>
        <translation>Cannot map %1 into memory: %2</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Cannot read %1: %2</translation>
    </message>
</context>
<context>
    <name>pier::GroupMemberModel</name>
    <message>
        <source>Member</source>
        <translation>Member</translation>
    </message>
    <message>
        <source>Instance</source>
        <translation>Instance</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Assigned partitions</source>
        <translation>Assigned partitions</translation>
    </message>
</context>
<context>
    <name>pier::GroupPartitionModel</name>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>Partition</translation>
    </message>
    <message>
        <source>Current offset</source>
        <translation>Current offset</translation>
    </message>
    <message>
        <source>Log end offset</source>
        <translation>Log end offset</translation>
    </message>
    <message>
        <source>Lag</source>
        <translation>Lag</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Consumer</source>
        <translation>Consumer</translation>
    </message>
</context>
<context>
    <name>pier::GroupTableModel</name>
    <message>
        <source>OK: the consumers keep up with their partitions.</source>
        <translation>OK: the consumers keep up with their partitions.</translation>
    </message>
    <message>
        <source>WARN: the consumers commit, but their lag did not shrink over the last samples.</source>
        <translation>WARN: the consumers commit, but their lag did not shrink over the last samples.</translation>
    </message>
    <message>
        <source>STALL: a partition has lag and an owner, but its committed offset does not move: the consumer is stuck.</source>
        <translation>STALL: a partition has lag and an owner, but its committed offset does not move: the consumer is stuck.</translation>
    </message>
    <message>
        <source>STOP: a partition has lag and its committed offset stopped moving with nobody consuming it.</source>
        <translation>STOP: a partition has lag and its committed offset stopped moving with nobody consuming it.</translation>
    </message>
    <message>
        <source>REWIND: a committed offset went backwards (an offset reset, or re-reading).</source>
        <translation>REWIND: a committed offset went backwards (an offset reset, or re-reading).</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 (offsets only)</source>
        <translation>%1 (offsets only)</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>%1
Decided by %2, partition %3.</source>
        <translation>%1
Decided by %2, partition %3.</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Members</translation>
    </message>
    <message>
        <source>Assignor</source>
        <translation>Assignor</translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation>Partitions</translation>
    </message>
    <message>
        <source>Lag</source>
        <translation>Lag</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>pier::GroupsPage</name>
    <message>
        <source>Consumer groups could not be read: %1. %2</source>
        <translation>Consumer groups could not be read: %1. %2</translation>
    </message>
    <message>
        <source>Select a group to see its partitions, members and lag.</source>
        <translation>Select a group to see its partitions, members and lag.</translation>
    </message>
    <message>
        <source>Group %1 · %2 · %3</source>
        <translation>Group %1 · %2 · %3</translation>
    </message>
    <message>
        <source>%1 @ %2</source>
        <translation>%1 @ %2</translation>
    </message>
    <message>
        <source>total lag of %1</source>
        <translation>total lag of %1</translation>
    </message>
    <message>
        <source>Delete Group</source>
        <translation>Delete Group</translation>
    </message>
    <message>
        <source>Delete consumer group %1 and its committed offsets? Only a group without members can be deleted.</source>
        <translation>Delete consumer group %1 and its committed offsets? Only a group without members can be deleted.</translation>
    </message>
    <message>
        <source>Deleted group %1.</source>
        <translation>Deleted group %1.</translation>
    </message>
    <message>
        <source>Deleting group %1 failed</source>
        <translation>Deleting group %1 failed</translation>
    </message>
    <message>
        <source>Filter groups by name</source>
        <translation>Filter groups by name</translation>
    </message>
    <message>
        <source>&amp;Delete Group…</source>
        <translation>&amp;Delete Group…</translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation>Partitions</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Members</translation>
    </message>
    <message>
        <source>Lag over time</source>
        <translation>Lag over time</translation>
    </message>
    <message>
        <source>messages behind</source>
        <translation>messages behind</translation>
    </message>
</context>
<context>
    <name>pier::HexDumpView</name>
    <message>
        <source>Copy Row as Text</source>
        <translation>Copy Row as Text</translation>
    </message>
</context>
<context>
    <name>pier::KafkaHandle</name>
    <message>
        <source>Client property %1=%2: %3</source>
        <translation>Client property %1=%2: %3</translation>
    </message>
</context>
<context>
    <name>pier::MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;Open File…</source>
        <translation>&amp;Open File…</translation>
    </message>
    <message>
        <source>Show the bytes of a local file, read-only</source>
        <translation>Show the bytes of a local file, read-only</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Hex View</source>
        <translation>&amp;Hex View</translation>
    </message>
    <message>
        <source>Show &amp;Status Bar</source>
        <translation>Show &amp;Status Bar</translation>
    </message>
    <message>
        <source>&amp;About Pier</source>
        <translation>&amp;About Pier</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>About &amp;Qt</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Not connected</translation>
    </message>
    <message>
        <source>Opened %1 read-only.</source>
        <translation>Opened %1 read-only.</translation>
    </message>
    <message>
        <source>Open File</source>
        <translation>Open File</translation>
    </message>
    <message>
        <source>All files (*);;Kafka log segments (*.log *.index *.timeindex)</source>
        <translation>All files (*);;Kafka log segments (*.log *.index *.timeindex)</translation>
    </message>
    <message>
        <source>About Pier</source>
        <translation>About Pier</translation>
    </message>
    <message>
        <source>%1 – Pier</source>
        <translation>%1 – Pier</translation>
    </message>
    <message>
        <source>Pier</source>
        <translation>Pier</translation>
    </message>
    <message>
        <source>%1 · %2 · read-only</source>
        <translation>%1 · %2 · read-only</translation>
    </message>
    <message>
        <source>Empty file</source>
        <translation>Empty file</translation>
    </message>
    <message>
        <source>Offset %1 (0x%2)</source>
        <translation>Offset %1 (0x%2)</translation>
    </message>
    <message>
        <source>&amp;Connect…</source>
        <translation>&amp;Connect…</translation>
    </message>
    <message>
        <source>Connect to a Kafka or Pier cluster</source>
        <translation>Connect to a Kafka or Pier cluster</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>&amp;Disconnect</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>C&amp;lose File</source>
        <translation>C&amp;lose File</translation>
    </message>
    <message>
        <source>&amp;Overview</source>
        <translation>&amp;Overview</translation>
    </message>
    <message>
        <source>&amp;Topics</source>
        <translation>&amp;Topics</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Topics</translation>
    </message>
    <message>
        <source>File</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Connecting to %1…</translation>
    </message>
    <message>
        <source>Connected to %1 · refreshed %2</source>
        <translation>Connected to %1 · refreshed %2</translation>
    </message>
    <message>
        <source>%1 is not answering</source>
        <translation>%1 is not answering</translation>
    </message>
    <message>
        <source>%1 has not answered since %2</source>
        <translation>%1 has not answered since %2</translation>
    </message>
    <message>
        <source>Showing what it reported at %1.</source>
        <translation>Showing what it reported at %1.</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Pier %1&lt;/h3&gt;&lt;p&gt;A toolkit for Kafka-compatible streaming: a desktop console, a broker and a coordination service.&lt;/p&gt;&lt;p&gt;Built with Qt %2, running on Qt %3.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Pier %1&lt;/h3&gt;&lt;p&gt;A toolkit for Kafka-compatible streaming: a desktop console, a broker and a coordination service.&lt;/p&gt;&lt;p&gt;Built with Qt %2, running on Qt %3.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Messages</source>
        <translation>&amp;Messages</translation>
    </message>
    <message>
        <source>&amp;Charts</source>
        <translation>&amp;Charts</translation>
    </message>
    <message>
        <source>Refresh &amp;Every</source>
        <translation>Refresh &amp;Every</translation>
    </message>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n second</numerusform>
            <numerusform>%n seconds</numerusform>
        </translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Messages</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Charts</translation>
    </message>
    <message>
        <source>Saved connections are unavailable: %1</source>
        <translation>Saved connections are unavailable: %1</translation>
    </message>
    <message>
        <source>Could not save the connection: %1</source>
        <translation>Could not save the connection: %1</translation>
    </message>
    <message>
        <source>Secrets were not saved (keychain: %1); Pier never writes them to a file. Enter them again next time.</source>
        <translation>Secrets were not saved (keychain: %1); Pier never writes them to a file. Enter them again next time.</translation>
    </message>
    <message>
        <source>Could not read secrets from the keychain: %1</source>
        <translation>Could not read secrets from the keychain: %1</translation>
    </message>
    <message>
        <source>&amp;Consumer Groups</source>
        <translation>&amp;Consumer Groups</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>Groups</translation>
    </message>
</context>
<context>
    <name>pier::MessageBanner</name>
    <message>
        <source>Dismiss</source>
        <translation>Dismiss</translation>
    </message>
</context>
<context>
    <name>pier::MessageDetailView</name>
    <message>
        <source>(null)</source>
        <translation>(null)</translation>
    </message>
    <message>
        <source>(null: a tombstone on compacted topics)</source>
        <translation>(null: a tombstone on compacted topics)</translation>
    </message>
    <message>
        <source>Select a message to see it in full.</source>
        <translation>Select a message to see it in full.</translation>
    </message>
    <message>
        <source>no timestamp</source>
        <translation>no timestamp</translation>
    </message>
    <message>
        <source>LogAppendTime</source>
        <translation>LogAppendTime</translation>
    </message>
    <message>
        <source>CreateTime</source>
        <translation>CreateTime</translation>
    </message>
    <message>
        <source>%1 (%2, %3 ms)</source>
        <translation>%1 (%2, %3 ms)</translation>
    </message>
    <message numerus="yes">
        <source>Partition %1 · offset %2 · %3 · key %4 · value %5 · %n header(s)</source>
        <translation>
            <numerusform>Partition %1 · offset %2 · %3 · key %4 · value %5 · %n header</numerusform>
            <numerusform>Partition %1 · offset %2 · %3 · key %4 · value %5 · %n headers</numerusform>
        </translation>
    </message>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <source>Key:</source>
        <translation>Key:</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>Hex</translation>
    </message>
    <message>
        <source>Headers:</source>
        <translation>Headers:</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>&amp;Copy Value</source>
        <translation>&amp;Copy Value</translation>
    </message>
</context>
<context>
    <name>pier::MessageListModel</name>
    <message>
        <source>loading…</source>
        <translation>loading…</translation>
    </message>
    <message>
        <source>(no record: compacted away or a transaction marker)</source>
        <translation>(no record: compacted away or a transaction marker)</translation>
    </message>
    <message>
        <source>(not read: %1)</source>
        <translation>(not read: %1)</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>Partition</translation>
    </message>
    <message>
        <source>Offset</source>
        <translation>Offset</translation>
    </message>
    <message>
        <source>Timestamp</source>
        <translation>Timestamp</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Size</translation>
    </message>
</context>
<context>
    <name>pier::MessagesPage</name>
    <message>
        <source>Reading messages failed</source>
        <translation>Reading messages failed</translation>
    </message>
    <message>
        <source>All partitions</source>
        <translation>All partitions</translation>
    </message>
    <message>
        <source>Partition %1</source>
        <translation>Partition %1</translation>
    </message>
    <message>
        <source>offset</source>
        <translation>offset</translation>
    </message>
    <message>
        <source>count</source>
        <translation>count</translation>
    </message>
    <message>
        <source>Choose a topic of a connected cluster first.</source>
        <translation>Choose a topic of a connected cluster first.</translation>
    </message>
    <message>
        <source>Looking up where to start…</source>
        <translation>Looking up where to start…</translation>
    </message>
    <message>
        <source>Finding the start failed</source>
        <translation>Finding the start failed</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pause</translation>
    </message>
    <message>
        <source>&amp;Follow</source>
        <translation>&amp;Follow</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>Not connected.</translation>
    </message>
    <message>
        <source>Choose a topic and where to start, then press Go.</source>
        <translation>Choose a topic and where to start, then press Go.</translation>
    </message>
    <message numerus="yes">
        <source>%1: %2 messages in %n partition(s)</source>
        <translation>
            <numerusform>%1: %2 messages in %n partition</numerusform>
            <numerusform>%1: %2 messages in %n partitions</numerusform>
        </translation>
    </message>
    <message>
        <source> · following new messages</source>
        <translation> · following new messages</translation>
    </message>
    <message>
        <source>From the earliest</source>
        <translation>From the earliest</translation>
    </message>
    <message>
        <source>From the latest</source>
        <translation>From the latest</translation>
    </message>
    <message>
        <source>From offset</source>
        <translation>From offset</translation>
    </message>
    <message>
        <source>From time</source>
        <translation>From time</translation>
    </message>
    <message>
        <source>Newest N</source>
        <translation>Newest N</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Go</translation>
    </message>
    <message>
        <source>Keep adding new messages as they arrive (live tail)</source>
        <translation>Keep adding new messages as they arrive (live tail)</translation>
    </message>
</context>
<context>
    <name>pier::OverviewPage</name>
    <message>
        <source>Cluster ID:</source>
        <translation>Cluster ID:</translation>
    </message>
    <message>
        <source>Controller:</source>
        <translation>Controller:</translation>
    </message>
    <message>
        <source>Brokers:</source>
        <translation>Brokers:</translation>
    </message>
    <message>
        <source>Topics:</source>
        <translation>Topics:</translation>
    </message>
    <message>
        <source>Partitions:</source>
        <translation>Partitions:</translation>
    </message>
    <message>
        <source>Under-replicated:</source>
        <translation>Under-replicated:</translation>
    </message>
    <message>
        <source>Offline:</source>
        <translation>Offline:</translation>
    </message>
    <message>
        <source>Last refresh:</source>
        <translation>Last refresh:</translation>
    </message>
    <message>
        <source>Brokers</source>
        <translation>Brokers</translation>
    </message>
    <message>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <source>broker %1</source>
        <translation>broker %1</translation>
    </message>
</context>
<context>
    <name>pier::PartitionTableModel</name>
    <message>
        <source>unknown</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>The broker reports %1 for this partition.</source>
        <translation>The broker reports %1 for this partition.</translation>
    </message>
    <message>
        <source>No leader: clients can neither produce to nor fetch from this partition.</source>
        <translation>No leader: clients can neither produce to nor fetch from this partition.</translation>
    </message>
    <message>
        <source>Under-replicated: %1 of %2 replicas are in sync.</source>
        <translation>Under-replicated: %1 of %2 replicas are in sync.</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>Partition</translation>
    </message>
    <message>
        <source>Leader</source>
        <translation>Leader</translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation>Replicas</translation>
    </message>
    <message>
        <source>ISR</source>
        <translation>ISR</translation>
    </message>
    <message>
        <source>Preferred leader</source>
        <translation>Preferred leader</translation>
    </message>
    <message>
        <source>Log start offset</source>
        <translation>Log start offset</translation>
    </message>
    <message>
        <source>High watermark</source>
        <translation>High watermark</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Messages</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Size</translation>
    </message>
</context>
<context>
    <name>pier::ProduceDialog</name>
    <message>
        <source>Produce Messages</source>
        <translation>Produce Messages</translation>
    </message>
    <message>
        <source>any (partitioner)</source>
        <translation>any (partitioner)</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>&amp;Produce</source>
        <translation>&amp;Produce</translation>
    </message>
    <message>
        <source>&amp;Topic:</source>
        <translation>&amp;Topic:</translation>
    </message>
    <message>
        <source>P&amp;artition:</source>
        <translation>P&amp;artition:</translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation>&amp;Key:</translation>
    </message>
    <message>
        <source>&amp;Value:</source>
        <translation>&amp;Value:</translation>
    </message>
    <message>
        <source>&amp;Headers:</source>
        <translation>&amp;Headers:</translation>
    </message>
    <message>
        <source>&amp;Copies:</source>
        <translation>&amp;Copies:</translation>
    </message>
    <message>
        <source>Text (UTF-8)</source>
        <translation>Text (UTF-8)</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Hex bytes</source>
        <translation>Hex bytes</translation>
    </message>
    <message>
        <source>Contents of a file (path)</source>
        <translation>Contents of a file (path)</translation>
    </message>
    <message>
        <source>Null</source>
        <translation>Null</translation>
    </message>
    <message>
        <source>Not valid JSON: %1 (near character %2).</source>
        <translation>Not valid JSON: %1 (near character %2).</translation>
    </message>
    <message>
        <source>Hex bytes are pairs of digits 0-9 and a-f, optionally separated by spaces.</source>
        <translation>Hex bytes are pairs of digits 0-9 and a-f, optionally separated by spaces.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Cannot read %1: %2</translation>
    </message>
    <message>
        <source>%1 is larger than %2.</source>
        <translation>%1 is larger than %2.</translation>
    </message>
    <message>
        <source>Choose a topic.</source>
        <translation>Choose a topic.</translation>
    </message>
    <message>
        <source>Key: %1</source>
        <translation>Key: %1</translation>
    </message>
    <message>
        <source>Value: %1</source>
        <translation>Value: %1</translation>
    </message>
    <message numerus="yes">
        <source>Producing %n message(s) to %1…</source>
        <translation>
            <numerusform>Producing %n message to %1…</numerusform>
            <numerusform>Producing %n messages to %1…</numerusform>
        </translation>
    </message>
    <message>
        <source>partition %1 offset %2</source>
        <translation>partition %1 offset %2</translation>
    </message>
    <message>
        <source>partition %1 offsets %2–%3</source>
        <translation>partition %1 offsets %2–%3</translation>
    </message>
    <message numerus="yes">
        <source>Delivered %n message(s)</source>
        <translation>
            <numerusform>Delivered %n message</numerusform>
            <numerusform>Delivered %n messages</numerusform>
        </translation>
    </message>
    <message>
        <source>: %1</source>
        <translation>: %1</translation>
    </message>
    <message>
        <source>Producing failed</source>
        <translation>Producing failed</translation>
    </message>
    <message>
        <source>Te&amp;mplate:</source>
        <translation>Te&amp;mplate:</translation>
    </message>
    <message>
        <source>&amp;Load</source>
        <translation>&amp;Load</translation>
    </message>
    <message>
        <source>&amp;Save As…</source>
        <translation>&amp;Save As…</translation>
    </message>
    <message>
        <source>De&amp;lete</source>
        <translation>De&amp;lete</translation>
    </message>
    <message>
        <source>Could not save the template %1.</source>
        <translation>Could not save the template %1.</translation>
    </message>
    <message>
        <source>Saved the template %1.</source>
        <translation>Saved the template %1.</translation>
    </message>
    <message>
        <source>There is no template %1.</source>
        <translation>There is no template %1.</translation>
    </message>
    <message>
        <source>Loaded the template %1.</source>
        <translation>Loaded the template %1.</translation>
    </message>
    <message>
        <source>Could not delete the template %1.</source>
        <translation>Could not delete the template %1.</translation>
    </message>
    <message>
        <source>Deleted the template %1.</source>
        <translation>Deleted the template %1.</translation>
    </message>
    <message>
        <source>Save Template</source>
        <translation>Save Template</translation>
    </message>
    <message>
        <source>Template name:</source>
        <translation>Template name:</translation>
    </message>
    <message>
        <source>Replace the template %1?</source>
        <translation>Replace the template %1?</translation>
    </message>
    <message>
        <source>Delete Template</source>
        <translation>Delete Template</translation>
    </message>
    <message>
        <source>Delete the template %1?</source>
        <translation>Delete the template %1?</translation>
    </message>
</context>
<context>
    <name>pier::StorageReader</name>
    <message>
        <source>The broker does not serve DescribeLogDirs.</source>
        <translation>The broker does not serve DescribeLogDirs.</translation>
    </message>
    <message>
        <source>Reading log directories</source>
        <translation>Reading log directories</translation>
    </message>
</context>
<context>
    <name>pier::TopicConfigDialog</name>
    <message>
        <source>Configs of %1</source>
        <translation>Configs of %1</translation>
    </message>
    <message>
        <source>Filter configs by name</source>
        <translation>Filter configs by name</translation>
    </message>
    <message>
        <source>&amp;Reset to Default</source>
        <translation>&amp;Reset to Default</translation>
    </message>
    <message>
        <source>&amp;Discard Changes</source>
        <translation>&amp;Discard Changes</translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation>Re&amp;load</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>&amp;Apply</translation>
    </message>
    <message>
        <source>Reading the configs of %1 failed</source>
        <translation>Reading the configs of %1 failed</translation>
    </message>
    <message numerus="yes">
        <source>Applied %n change(s) to %1.</source>
        <translation>
            <numerusform>Applied %n change to %1.</numerusform>
            <numerusform>Applied %n changes to %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Changing the configs of %1 failed</source>
        <translation>Changing the configs of %1 failed</translation>
    </message>
    <message numerus="yes">
        <source>Sending %n change(s)…</source>
        <translation>
            <numerusform>Sending %n change…</numerusform>
            <numerusform>Sending %n changes…</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading configs…</source>
        <translation>Reading configs…</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) not applied yet.</source>
        <translation>
            <numerusform>%n change not applied yet.</numerusform>
            <numerusform>%n changes not applied yet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Double-click a value to change it.</source>
        <translation>Double-click a value to change it.</translation>
    </message>
</context>
<context>
    <name>pier::TopicConfigModel</name>
    <message>
        <source>topic override</source>
        <translation>topic override</translation>
    </message>
    <message>
        <source>broker (dynamic)</source>
        <translation>broker (dynamic)</translation>
    </message>
    <message>
        <source>broker (server.properties)</source>
        <translation>broker (server.properties)</translation>
    </message>
    <message>
        <source>default</source>
        <translation>default</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>(default after apply)</source>
        <translation>(default after apply)</translation>
    </message>
    <message>
        <source>(hidden)</source>
        <translation>(hidden)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>default (pending)</source>
        <translation>default (pending)</translation>
    </message>
    <message>
        <source>topic override (pending)</source>
        <translation>topic override (pending)</translation>
    </message>
    <message>
        <source>read-only</source>
        <translation>read-only</translation>
    </message>
    <message>
        <source>sensitive</source>
        <translation>sensitive</translation>
    </message>
    <message>
        <source>The broker does not allow changing %1.</source>
        <translation>The broker does not allow changing %1.</translation>
    </message>
    <message>
        <source>Double-click the value to change it.</source>
        <translation>Double-click the value to change it.</translation>
    </message>
    <message>
        <source>Config</source>
        <translation>Config</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
</context>
<context>
    <name>pier::TopicConfigs</name>
    <message>
        <source>Editing topic configs</source>
        <translation>Editing topic configs</translation>
    </message>
</context>
<context>
    <name>pier::TopicTableModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unknown</translation>
    </message>
    <message numerus="yes">
        <source>%n partition(s) without a leader: clients cannot use them.</source>
        <translation>
            <numerusform>%n partition without a leader: clients cannot use it.</numerusform>
            <numerusform>%n partitions without a leader: clients cannot use them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n partition(s) with fewer in-sync replicas than replicas.</source>
        <translation>
            <numerusform>%n partition with fewer in-sync replicas than replicas.</numerusform>
            <numerusform>%n partitions with fewer in-sync replicas than replicas.</numerusform>
        </translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation>Partitions</translation>
    </message>
    <message>
        <source>Replication factor</source>
        <translation>Replication factor</translation>
    </message>
    <message>
        <source>Under-replicated</source>
        <translation>Under-replicated</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Messages</translation>
    </message>
    <message>
        <source>The size on disk of the partitions&apos; leader replicas (DescribeLogDirs).</source>
        <translation>The size on disk of the partitions&apos; leader replicas (DescribeLogDirs).</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Size</translation>
    </message>
</context>
<context>
    <name>pier::TopicsPage</name>
    <message>
        <source>Filter topics by name</source>
        <translation>Filter topics by name</translation>
    </message>
    <message>
        <source>Show &amp;internal topics</source>
        <translation>Show &amp;internal topics</translation>
    </message>
    <message>
        <source>&amp;Create Topic…</source>
        <translation>&amp;Create Topic…</translation>
    </message>
    <message>
        <source>&amp;Add Partitions…</source>
        <translation>&amp;Add Partitions…</translation>
    </message>
    <message>
        <source>&amp;Delete Topic…</source>
        <translation>&amp;Delete Topic…</translation>
    </message>
    <message>
        <source>Select a topic to see its partitions.</source>
        <translation>Select a topic to see its partitions.</translation>
    </message>
    <message>
        <source>Partitions of %1</source>
        <translation>Partitions of %1</translation>
    </message>
    <message>
        <source>Created topic %1.</source>
        <translation>Created topic %1.</translation>
    </message>
    <message>
        <source>Creating topic %1 failed</source>
        <translation>Creating topic %1 failed</translation>
    </message>
    <message>
        <source>Add Partitions</source>
        <translation>Add Partitions</translation>
    </message>
    <message numerus="yes">
        <source>Topic %1 has %n partition(s). New total (partitions are never removed):</source>
        <translation>
            <numerusform>Topic %1 has %n partition. New total (partitions are never removed):</numerusform>
            <numerusform>Topic %1 has %n partitions. New total (partitions are never removed):</numerusform>
        </translation>
    </message>
    <message>
        <source>Topic %1 now has %2 partitions.</source>
        <translation>Topic %1 now has %2 partitions.</translation>
    </message>
    <message>
        <source>Adding partitions to %1 failed</source>
        <translation>Adding partitions to %1 failed</translation>
    </message>
    <message>
        <source>Delete Topic</source>
        <translation>Delete Topic</translation>
    </message>
    <message>
        <source>Delete topic %1 and all its messages? This cannot be undone.</source>
        <translation>Delete topic %1 and all its messages? This cannot be undone.</translation>
    </message>
    <message>
        <source>Deleted topic %1.</source>
        <translation>Deleted topic %1.</translation>
    </message>
    <message>
        <source>Deleting topic %1 failed</source>
        <translation>Deleting topic %1 failed</translation>
    </message>
    <message>
        <source>&amp;Produce…</source>
        <translation>&amp;Produce…</translation>
    </message>
    <message>
        <source>Edit C&amp;onfigs…</source>
        <translation>Edit C&amp;onfigs…</translation>
    </message>
    <message numerus="yes">
        <source>Applied %n config change(s) to %1.</source>
        <translation>
            <numerusform>Applied %n config change to %1.</numerusform>
            <numerusform>Applied %n config changes to %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Changing the configs of %1 failed</source>
        <translation>Changing the configs of %1 failed</translation>
    </message>
</context>
<context>
    <name>pier::WelcomePage</name>
    <message>
        <source>Welcome to Pier</source>
        <translation>Welcome to Pier</translation>
    </message>
    <message>
        <source>Open File…</source>
        <translation>Open File…</translation>
    </message>
    <message>
        <source>Pier is not connected to a cluster. Connect to any Kafka or Pier cluster by its bootstrap servers to see its brokers, topics and partitions.</source>
        <translation>Pier is not connected to a cluster. Connect to any Kafka or Pier cluster by its bootstrap servers to see its brokers, topics and partitions.</translation>
    </message>
    <message>
        <source>You can also inspect the bytes of any local file read-only, for example a Kafka log segment such as 00000000000000000000.log.</source>
        <translation>You can also inspect the bytes of any local file read-only, for example a Kafka log segment such as 00000000000000000000.log.</translation>
    </message>
    <message>
        <source>Connect…</source>
        <translation>Connect…</translation>
    </message>
</context>
</TS>
