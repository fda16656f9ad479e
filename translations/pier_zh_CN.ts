<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ErrorText</name>
    <message>
        <source>Check that the brokers are running and that the bootstrap servers are right.</source>
        <translation>请检查 Broker 是否正在运行，以及引导服务器是否正确。</translation>
    </message>
    <message>
        <source>The cluster did not answer in time; it may be overloaded or unreachable.</source>
        <translation>集群未及时响应，可能负载过高或无法访问。</translation>
    </message>
    <message>
        <source>Choose another name, or delete the existing topic first.</source>
        <translation>请换一个名称，或先删除现有主题。</translation>
    </message>
    <message>
        <source>The replication factor cannot be larger than the number of live brokers.</source>
        <translation>副本因子不能大于存活的 Broker 数量。</translation>
    </message>
    <message>
        <source>A topic needs at least one partition, and partitions can only be added, never removed.</source>
        <translation>主题至少需要一个分区，且分区只能增加，不能删除。</translation>
    </message>
    <message>
        <source>Topic names use only letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;, and are at most 249 characters long.</source>
        <translation>主题名称只能包含字母、数字、&apos;.&apos;、&apos;_&apos; 和 &apos;-&apos;，且长度不超过 249 个字符。</translation>
    </message>
    <message>
        <source>The brokers run with delete.topic.enable=false.</source>
        <translation>Broker 设置了 delete.topic.enable=false。</translation>
    </message>
    <message>
        <source>One of the topic settings has a value the broker does not accept.</source>
        <translation>某个主题设置的值不被 Broker 接受。</translation>
    </message>
    <message>
        <source>The topic no longer exists; it may have been deleted meanwhile.</source>
        <translation>该主题已不存在，可能已在此期间被删除。</translation>
    </message>
    <message>
        <source>The cluster&apos;s create-topic policy refused the request.</source>
        <translation>集群的主题创建策略拒绝了该请求。</translation>
    </message>
    <message>
        <source>The client&apos;s principal lacks the ACL this operation needs.</source>
        <translation>客户端主体缺少此操作所需的 ACL。</translation>
    </message>
    <message>
        <source>%1: %2: %3</source>
        <translation>%1：%2：%3</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Pier desktop console for Kafka-compatible clusters.</source>
        <translation>Pier 桌面控制台，用于管理兼容 Kafka 的集群。</translation>
    </message>
    <message>
        <source>User interface language: %1.</source>
        <translation>界面语言：%1。</translation>
    </message>
    <message>
        <source>A local file to show read-only in the hex view.</source>
        <translation>以只读方式在十六进制视图中显示的本地文件。</translation>
    </message>
    <message>
        <source>Connect at start to the cluster with these bootstrap servers.</source>
        <translation>启动时连接到使用这些引导服务器的集群。</translation>
    </message>
    <message>
        <source>The name shown for the --bootstrap connection.</source>
        <translation>--bootstrap 连接显示的名称。</translation>
    </message>
    <message>
        <source>Ask the cluster again every N seconds (remembered).</source>
        <translation>每隔 N 秒重新查询一次集群（该设置会被记住）。</translation>
    </message>
    <message>
        <source>The page to show first: overview, topics, groups, messages, charts or file.</source>
        <translation>首先显示的页面：overview、topics、groups、messages、charts 或 file。</translation>
    </message>
    <message>
        <source>On the topics and messages pages, select this topic once it is known.</source>
        <translation>在主题和消息页面上，待该主题出现后将其选中。</translation>
    </message>
    <message>
        <source>On the groups page, select this consumer group once it is known.</source>
        <translation>在消费者组页面上，待该消费者组出现后将其选中。</translation>
    </message>
    <message>
        <source>With --topic: open this topic&apos;s configs or produce dialog.</source>
        <translation>与 --topic 一起使用：打开该主题的配置或生产消息对话框。</translation>
    </message>
    <message>
        <source>With --dialog produce: load this saved template.</source>
        <translation>与 --dialog produce 一起使用：载入这个已保存的模板。</translation>
    </message>
</context>
<context>
    <name>pier::AdminConnection</name>
    <message>
        <source>%1 works over plaintext connections only.</source>
        <translation>%1 仅支持明文（plaintext）连接。</translation>
    </message>
</context>
<context>
    <name>pier::BrokerTableModel</name>
    <message>
        <source>Controller</source>
        <translation>控制器</translation>
    </message>
    <message>
        <source>Broker</source>
        <translation>Broker</translation>
    </message>
    <message>
        <source>Host:Port</source>
        <translation>主机:端口</translation>
    </message>
    <message>
        <source>Rack</source>
        <translation>机架</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Leaders</source>
        <translation>Leader 数</translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation>副本数</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / 共 %2</translation>
    </message>
    <message>
        <source>The broker reported no log directory.</source>
        <translation>Broker 未报告任何日志目录。</translation>
    </message>
    <message>
        <source>Log directories not known: %1</source>
        <translation>日志目录未知：%1</translation>
    </message>
    <message>
        <source>%1: offline (%2)</source>
        <translation>%1：离线（%2）</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n replica(s), %2</source>
        <translation>
            <numerusform>%1：%n 个副本，%2</numerusform>
        </translation>
    </message>
    <message>
        <source>; %1 free of %2</source>
        <translation>；可用 %1 / 共 %2</translation>
    </message>
    <message>
        <source>Log dirs</source>
        <translation>日志目录</translation>
    </message>
    <message>
        <source>Disk free</source>
        <translation>磁盘可用</translation>
    </message>
</context>
<context>
    <name>pier::ChartsPage</name>
    <message>
        <source>broker %1</source>
        <translation>Broker %1</translation>
    </message>
    <message>
        <source>%1 — %2 msg/s</source>
        <translation>%1 — %2 条消息/秒</translation>
    </message>
    <message>
        <source>Last 5 minutes</source>
        <translation>最近 5 分钟</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>最近 1 小时</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>最近 24 小时</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>messages/s</source>
        <translation>消息/秒</translation>
    </message>
    <message>
        <source>%1 (consumed)</source>
        <translation>%1（消费）</translation>
    </message>
    <message>
        <source>broker %1 (consumed)</source>
        <translation>Broker %1（消费）</translation>
    </message>
    <message>
        <source>Produce rates from high watermarks and consume rates from consumer groups&apos; committed offsets at every refresh. Wheel or drag on the chart to zoom in time; double-click to follow again.</source>
        <translation>每次刷新时根据高水位计算生产速率，根据消费者组已提交的偏移量计算消费速率。在图表上滚动滚轮或拖动可缩放时间范围；双击可恢复跟随最新数据。</translation>
    </message>
</context>
<context>
    <name>pier::ClusterSession</name>
    <message>
        <source>Not connected to a cluster.</source>
        <translation>未连接到集群。</translation>
    </message>
</context>
<context>
    <name>pier::ConnectDialog</name>
    <message>
        <source>Connect to Cluster</source>
        <translation>连接到集群</translation>
    </message>
    <message>
        <source>&amp;Import .properties…</source>
        <translation>导入 .properties(&amp;I)…</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Bootstrap servers:</source>
        <translation>引导服务器(&amp;B)：</translation>
    </message>
    <message>
        <source>Client &amp;properties:</source>
        <translation>客户端属性(&amp;P)：</translation>
    </message>
    <message>
        <source>Line %1 is not key=value: %2</source>
        <translation>第 %1 行不是 key=value 格式：%2</translation>
    </message>
    <message>
        <source>Import Client Properties</source>
        <translation>导入客户端属性</translation>
    </message>
    <message>
        <source>Properties files (*.properties *.conf);;All files (*)</source>
        <translation>属性文件 (*.properties *.conf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>Enter at least one bootstrap server, as host:port.</source>
        <translation>请至少输入一个引导服务器，格式为 host:port。</translation>
    </message>
    <message>
        <source>New connection</source>
        <translation>新建连接</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>optional, e.g. localhost:2181</source>
        <translation>可选，例如 localhost:2181</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Red (production)</source>
        <translation>红色（生产环境）</translation>
    </message>
    <message>
        <source>Orange</source>
        <translation>橙色</translation>
    </message>
    <message>
        <source>Green</source>
        <translation>绿色</translation>
    </message>
    <message>
        <source>Blue</source>
        <translation>蓝色</translation>
    </message>
    <message>
        <source>Purple</source>
        <translation>紫色</translation>
    </message>
    <message>
        <source>&amp;Save this connection (secrets go to the keychain)</source>
        <translation>保存此连接（机密信息将存入钥匙串）(&amp;S)</translation>
    </message>
    <message>
        <source>Sa&amp;ved:</source>
        <translation>已保存的连接(&amp;V)：</translation>
    </message>
    <message>
        <source>C&amp;oordinator:</source>
        <translation>协调服务(&amp;O)：</translation>
    </message>
    <message>
        <source>Co&amp;lour:</source>
        <translation>颜色(&amp;L)：</translation>
    </message>
    <message>
        <source>Kept in the keychain: %1. Type a value here only to replace it.</source>
        <translation>已保存在钥匙串中：%1。仅在需要替换时才在此输入新值。</translation>
    </message>
</context>
<context>
    <name>pier::CreateTopicDialog</name>
    <message>
        <source>Create Topic</source>
        <translation>创建主题</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>设置项</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>默认值</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Partitions:</source>
        <translation>分区数(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Replication factor:</source>
        <translation>副本因子(&amp;R)：</translation>
    </message>
    <message>
        <source>Settings left empty keep the broker&apos;s default.</source>
        <translation>留空的设置项将使用 Broker 的默认值。</translation>
    </message>
    <message>
        <source>Enter a topic name.</source>
        <translation>请输入主题名称。</translation>
    </message>
    <message>
        <source>A topic cannot be named &quot;.&quot; or &quot;..&quot;.</source>
        <translation>主题不能命名为 &quot;.&quot; 或 &quot;..&quot;。</translation>
    </message>
    <message>
        <source>A topic name has at most %1 characters.</source>
        <translation>主题名称最多 %1 个字符。</translation>
    </message>
    <message>
        <source>A topic name uses only ASCII letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;.</source>
        <translation>主题名称只能包含 ASCII 字母、数字、&apos;.&apos;、&apos;_&apos; 和 &apos;-&apos;。</translation>
    </message>
    <message>
        <source>Note: &apos;.&apos; and &apos;_&apos; can collide in metric names; avoid mixing them.</source>
        <translation>注意：&apos;.&apos; 和 &apos;_&apos; 在指标名称中可能冲突，请避免混用。</translation>
    </message>
</context>
<context>
    <name>pier::FileBytes</name>
    <message>
        <source>%1 does not exist.</source>
        <translation>%1 不存在。</translation>
    </message>
    <message>
        <source>%1 is not a regular file.</source>
        <translation>%1 不是普通文件。</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>Cannot map %1 into memory: %2</source>
        <translation>无法将 %1 映射到内存：%2</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
</context>
<context>
    <name>pier::GroupMemberModel</name>
    <message>
        <source>Member</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Instance</source>
        <translation>实例</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Assigned partitions</source>
        <translation>已分配分区</translation>
    </message>
</context>
<context>
    <name>pier::GroupPartitionModel</name>
    <message>
        <source>Topic</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>分区</translation>
    </message>
    <message>
        <source>Current offset</source>
        <translation>当前偏移量</translation>
    </message>
    <message>
        <source>Log end offset</source>
        <translation>日志末端偏移量</translation>
    </message>
    <message>
        <source>Lag</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>延迟状态</translation>
    </message>
    <message>
        <source>Consumer</source>
        <translation>消费者</translation>
    </message>
</context>
<context>
    <name>pier::GroupTableModel</name>
    <message>
        <source>OK: the consumers keep up with their partitions.</source>
        <translation>OK：消费者跟得上其分区的进度。</translation>
    </message>
    <message>
        <source>WARN: the consumers commit, but their lag did not shrink over the last samples.</source>
        <translation>WARN：消费者仍在提交偏移量，但其延迟在最近几次采样中没有减少。</translation>
    </message>
    <message>
        <source>STALL: a partition has lag and an owner, but its committed offset does not move: the consumer is stuck.</source>
        <translation>STALL：分区有延迟且有所属成员，但其已提交偏移量不再前进：消费者卡住了。</translation>
    </message>
    <message>
        <source>STOP: a partition has lag and its committed offset stopped moving with nobody consuming it.</source>
        <translation>STOP：分区有延迟，其已提交偏移量已停止前进，且没有任何成员在消费该分区。</translation>
    </message>
    <message>
        <source>REWIND: a committed offset went backwards (an offset reset, or re-reading).</source>
        <translation>REWIND：已提交偏移量发生了回退（偏移量被重置，或正在重新读取）。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 (offsets only)</source>
        <translation>%1（仅偏移量）</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>%1
Decided by %2, partition %3.</source>
        <translation>%1
由 %2 的分区 %3 判定。</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>消费者组</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>成员数</translation>
    </message>
    <message>
        <source>Assignor</source>
        <translation>分配策略</translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation>分区数</translation>
    </message>
    <message>
        <source>Lag</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>延迟状态</translation>
    </message>
</context>
<context>
    <name>pier::GroupsPage</name>
    <message>
        <source>Consumer groups could not be read: %1. %2</source>
        <translation>无法读取消费者组：%1。%2</translation>
    </message>
    <message>
        <source>Select a group to see its partitions, members and lag.</source>
        <translation>选择一个消费者组以查看其分区、成员和延迟。</translation>
    </message>
    <message>
        <source>Group %1 · %2 · %3</source>
        <translation>消费者组 %1 · %2 · %3</translation>
    </message>
    <message>
        <source>%1 @ %2</source>
        <translation>%1 @ %2</translation>
    </message>
    <message>
        <source>total lag of %1</source>
        <translation>%1 的总延迟</translation>
    </message>
    <message>
        <source>Delete Group</source>
        <translation>删除消费者组</translation>
    </message>
    <message>
        <source>Delete consumer group %1 and its committed offsets? Only a group without members can be deleted.</source>
        <translation>要删除消费者组 %1 及其已提交偏移量吗？只有没有成员的消费者组才能删除。</translation>
    </message>
    <message>
        <source>Deleted group %1.</source>
        <translation>已删除消费者组 %1。</translation>
    </message>
    <message>
        <source>Deleting group %1 failed</source>
        <translation>删除消费者组 %1 失败</translation>
    </message>
    <message>
        <source>Filter groups by name</source>
        <translation>按名称筛选消费者组</translation>
    </message>
    <message>
        <source>&amp;Delete Group…</source>
        <translation>删除消费者组(&amp;D)…</translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation>分区</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Lag over time</source>
        <translation>延迟趋势</translation>
    </message>
    <message>
        <source>messages behind</source>
        <translation>落后消息数</translation>
    </message>
</context>
<context>
    <name>pier::HexDumpView</name>
    <message>
        <source>Copy Row as Text</source>
        <translation>将该行复制为文本</translation>
    </message>
</context>
<context>
    <name>pier::KafkaHandle</name>
    <message>
        <source>Client property %1=%2: %3</source>
        <translation>客户端属性 %1=%2：%3</translation>
    </message>
</context>
<context>
    <name>pier::MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Open File…</source>
        <translation>打开文件(&amp;O)…</translation>
    </message>
    <message>
        <source>Show the bytes of a local file, read-only</source>
        <translation>以只读方式显示本地文件的字节</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Hex View</source>
        <translation>十六进制视图(&amp;H)</translation>
    </message>
    <message>
        <source>Show &amp;Status Bar</source>
        <translation>显示状态栏(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;About Pier</source>
        <translation>关于 Pier(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>Opened %1 read-only.</source>
        <translation>已以只读方式打开 %1。</translation>
    </message>
    <message>
        <source>Open File</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <source>All files (*);;Kafka log segments (*.log *.index *.timeindex)</source>
        <translation>所有文件 (*);;Kafka 日志段 (*.log *.index *.timeindex)</translation>
    </message>
    <message>
        <source>About Pier</source>
        <translation>关于 Pier</translation>
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
        <translation>%1 · %2 · 只读</translation>
    </message>
    <message>
        <source>Empty file</source>
        <translation>空文件</translation>
    </message>
    <message>
        <source>Offset %1 (0x%2)</source>
        <translation>偏移量 %1 (0x%2)</translation>
    </message>
    <message>
        <source>&amp;Connect…</source>
        <translation>连接(&amp;C)…</translation>
    </message>
    <message>
        <source>Connect to a Kafka or Pier cluster</source>
        <translation>连接到 Kafka 或 Pier 集群</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>断开连接(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>C&amp;lose File</source>
        <translation>关闭文件(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Overview</source>
        <translation>概览(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Topics</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>正在连接到 %1…</translation>
    </message>
    <message>
        <source>Connected to %1 · refreshed %2</source>
        <translation>已连接到 %1 · 刷新于 %2</translation>
    </message>
    <message>
        <source>%1 is not answering</source>
        <translation>%1 无响应</translation>
    </message>
    <message>
        <source>%1 has not answered since %2</source>
        <translation>%1 自 %2 起无响应</translation>
    </message>
    <message>
        <source>Showing what it reported at %1.</source>
        <translation>当前显示的是其在 %1 报告的数据。</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Pier %1&lt;/h3&gt;&lt;p&gt;A toolkit for Kafka-compatible streaming: a desktop console, a broker and a coordination service.&lt;/p&gt;&lt;p&gt;Built with Qt %2, running on Qt %3.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Pier %1&lt;/h3&gt;&lt;p&gt;面向 Kafka 兼容流处理的工具集：包括桌面控制台、Broker 和协调服务。&lt;/p&gt;&lt;p&gt;基于 Qt %2 构建，运行于 Qt %3。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Messages</source>
        <translation>消息(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Charts</source>
        <translation>图表(&amp;C)</translation>
    </message>
    <message>
        <source>Refresh &amp;Every</source>
        <translation>刷新间隔(&amp;E)</translation>
    </message>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n 秒</numerusform>
        </translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Saved connections are unavailable: %1</source>
        <translation>已保存的连接不可用：%1</translation>
    </message>
    <message>
        <source>Could not save the connection: %1</source>
        <translation>无法保存连接：%1</translation>
    </message>
    <message>
        <source>Secrets were not saved (keychain: %1); Pier never writes them to a file. Enter them again next time.</source>
        <translation>机密信息未保存（钥匙串：%1）；Pier 从不将其写入文件。下次请重新输入。</translation>
    </message>
    <message>
        <source>Could not read secrets from the keychain: %1</source>
        <translation>无法从钥匙串读取机密信息：%1</translation>
    </message>
    <message>
        <source>&amp;Consumer Groups</source>
        <translation>消费者组(&amp;C)</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>消费者组</translation>
    </message>
</context>
<context>
    <name>pier::MessageBanner</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>pier::MessageDetailView</name>
    <message>
        <source>(null)</source>
        <translation>（null）</translation>
    </message>
    <message>
        <source>(null: a tombstone on compacted topics)</source>
        <translation>（null：压缩主题中的墓碑消息）</translation>
    </message>
    <message>
        <source>Select a message to see it in full.</source>
        <translation>选择一条消息以查看其完整内容。</translation>
    </message>
    <message>
        <source>no timestamp</source>
        <translation>无时间戳</translation>
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
        <translation>%1（%2，%3 毫秒）</translation>
    </message>
    <message numerus="yes">
        <source>Partition %1 · offset %2 · %3 · key %4 · value %5 · %n header(s)</source>
        <translation>
            <numerusform>分区 %1 · 偏移量 %2 · %3 · 键 %4 · 值 %5 · %n 个消息头</numerusform>
        </translation>
    </message>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <source>Key:</source>
        <translation>键：</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
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
        <translation>消息头：</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>消息头</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>&amp;Copy Value</source>
        <translation>复制值(&amp;C)</translation>
    </message>
</context>
<context>
    <name>pier::MessageListModel</name>
    <message>
        <source>loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>(no record: compacted away or a transaction marker)</source>
        <translation>（无记录：已被日志压缩清除，或为事务标记）</translation>
    </message>
    <message>
        <source>(not read: %1)</source>
        <translation>（未读取：%1）</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>分区</translation>
    </message>
    <message>
        <source>Offset</source>
        <translation>偏移量</translation>
    </message>
    <message>
        <source>Timestamp</source>
        <translation>时间戳</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
</context>
<context>
    <name>pier::MessagesPage</name>
    <message>
        <source>Reading messages failed</source>
        <translation>读取消息失败</translation>
    </message>
    <message>
        <source>All partitions</source>
        <translation>所有分区</translation>
    </message>
    <message>
        <source>Partition %1</source>
        <translation>分区 %1</translation>
    </message>
    <message>
        <source>offset</source>
        <translation>偏移量</translation>
    </message>
    <message>
        <source>count</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Choose a topic of a connected cluster first.</source>
        <translation>请先选择已连接集群中的主题。</translation>
    </message>
    <message>
        <source>Looking up where to start…</source>
        <translation>正在查找起始位置…</translation>
    </message>
    <message>
        <source>Finding the start failed</source>
        <translation>查找起始位置失败</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Follow</source>
        <translation>实时跟踪(&amp;F)</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>未连接。</translation>
    </message>
    <message>
        <source>Choose a topic and where to start, then press Go.</source>
        <translation>请选择主题和起始位置，然后点击“开始”。</translation>
    </message>
    <message numerus="yes">
        <source>%1: %2 messages in %n partition(s)</source>
        <translation>
            <numerusform>%1：%n 个分区中共 %2 条消息</numerusform>
        </translation>
    </message>
    <message>
        <source> · following new messages</source>
        <translation> · 正在跟踪新消息</translation>
    </message>
    <message>
        <source>From the earliest</source>
        <translation>从最早开始</translation>
    </message>
    <message>
        <source>From the latest</source>
        <translation>从最新开始</translation>
    </message>
    <message>
        <source>From offset</source>
        <translation>从指定偏移量开始</translation>
    </message>
    <message>
        <source>From time</source>
        <translation>从指定时间开始</translation>
    </message>
    <message>
        <source>Newest N</source>
        <translation>最新 N 条</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>开始(&amp;G)</translation>
    </message>
    <message>
        <source>Keep adding new messages as they arrive (live tail)</source>
        <translation>新消息到达时持续追加显示（实时跟踪）</translation>
    </message>
</context>
<context>
    <name>pier::OverviewPage</name>
    <message>
        <source>Cluster ID:</source>
        <translation>集群 ID：</translation>
    </message>
    <message>
        <source>Controller:</source>
        <translation>控制器：</translation>
    </message>
    <message>
        <source>Brokers:</source>
        <translation>Broker 数：</translation>
    </message>
    <message>
        <source>Topics:</source>
        <translation>主题数：</translation>
    </message>
    <message>
        <source>Partitions:</source>
        <translation>分区数：</translation>
    </message>
    <message>
        <source>Under-replicated:</source>
        <translation>副本不足的分区：</translation>
    </message>
    <message>
        <source>Offline:</source>
        <translation>离线分区：</translation>
    </message>
    <message>
        <source>Last refresh:</source>
        <translation>上次刷新：</translation>
    </message>
    <message>
        <source>Brokers</source>
        <translation>Broker</translation>
    </message>
    <message>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <source>broker %1</source>
        <translation>Broker %1</translation>
    </message>
</context>
<context>
    <name>pier::PartitionTableModel</name>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>The broker reports %1 for this partition.</source>
        <translation>Broker 报告此分区出错：%1。</translation>
    </message>
    <message>
        <source>No leader: clients can neither produce to nor fetch from this partition.</source>
        <translation>无 Leader：客户端既无法向此分区生产消息，也无法从中拉取消息。</translation>
    </message>
    <message>
        <source>Under-replicated: %1 of %2 replicas are in sync.</source>
        <translation>副本不足：%2 个副本中只有 %1 个处于同步状态。</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>分区</translation>
    </message>
    <message>
        <source>Leader</source>
        <translation>Leader</translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation>副本</translation>
    </message>
    <message>
        <source>ISR</source>
        <translation>ISR</translation>
    </message>
    <message>
        <source>Preferred leader</source>
        <translation>首选 Leader</translation>
    </message>
    <message>
        <source>Log start offset</source>
        <translation>日志起始偏移量</translation>
    </message>
    <message>
        <source>High watermark</source>
        <translation>高水位</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>消息数</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
</context>
<context>
    <name>pier::ProduceDialog</name>
    <message>
        <source>Produce Messages</source>
        <translation>生产消息</translation>
    </message>
    <message>
        <source>any (partitioner)</source>
        <translation>任意（由分区器决定）</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>消息头</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>&amp;Produce</source>
        <translation>生产(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Topic:</source>
        <translation>主题(&amp;T)：</translation>
    </message>
    <message>
        <source>P&amp;artition:</source>
        <translation>分区(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation>键(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;Value:</source>
        <translation>值(&amp;V)：</translation>
    </message>
    <message>
        <source>&amp;Headers:</source>
        <translation>消息头(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Copies:</source>
        <translation>发送条数(&amp;C)：</translation>
    </message>
    <message>
        <source>Text (UTF-8)</source>
        <translation>文本 (UTF-8)</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Hex bytes</source>
        <translation>Hex 字节</translation>
    </message>
    <message>
        <source>Contents of a file (path)</source>
        <translation>文件内容（路径）</translation>
    </message>
    <message>
        <source>Null</source>
        <translation>空值 (null)</translation>
    </message>
    <message>
        <source>Not valid JSON: %1 (near character %2).</source>
        <translation>无效的 JSON：%1（位于第 %2 个字符附近）。</translation>
    </message>
    <message>
        <source>Hex bytes are pairs of digits 0-9 and a-f, optionally separated by spaces.</source>
        <translation>Hex 字节应为由 0-9 和 a-f 组成的两位字符对，可用空格分隔。</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is larger than %2.</source>
        <translation>%1 的大小超过了 %2。</translation>
    </message>
    <message>
        <source>Choose a topic.</source>
        <translation>请选择主题。</translation>
    </message>
    <message>
        <source>Key: %1</source>
        <translation>键：%1</translation>
    </message>
    <message>
        <source>Value: %1</source>
        <translation>值：%1</translation>
    </message>
    <message numerus="yes">
        <source>Producing %n message(s) to %1…</source>
        <translation>
            <numerusform>正在向 %1 生产 %n 条消息…</numerusform>
        </translation>
    </message>
    <message>
        <source>partition %1 offset %2</source>
        <translation>分区 %1 偏移量 %2</translation>
    </message>
    <message>
        <source>partition %1 offsets %2–%3</source>
        <translation>分区 %1 偏移量 %2–%3</translation>
    </message>
    <message numerus="yes">
        <source>Delivered %n message(s)</source>
        <translation>
            <numerusform>已投递 %n 条消息</numerusform>
        </translation>
    </message>
    <message>
        <source>: %1</source>
        <translation>：%1</translation>
    </message>
    <message>
        <source>Producing failed</source>
        <translation>生产消息失败</translation>
    </message>
    <message>
        <source>Te&amp;mplate:</source>
        <translation>模板(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Load</source>
        <translation>载入(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Save As…</source>
        <translation>另存为(&amp;S)…</translation>
    </message>
    <message>
        <source>De&amp;lete</source>
        <translation>删除(&amp;L)</translation>
    </message>
    <message>
        <source>Could not save the template %1.</source>
        <translation>无法保存模板 %1。</translation>
    </message>
    <message>
        <source>Saved the template %1.</source>
        <translation>已保存模板 %1。</translation>
    </message>
    <message>
        <source>There is no template %1.</source>
        <translation>没有名为 %1 的模板。</translation>
    </message>
    <message>
        <source>Loaded the template %1.</source>
        <translation>已载入模板 %1。</translation>
    </message>
    <message>
        <source>Could not delete the template %1.</source>
        <translation>无法删除模板 %1。</translation>
    </message>
    <message>
        <source>Deleted the template %1.</source>
        <translation>已删除模板 %1。</translation>
    </message>
    <message>
        <source>Save Template</source>
        <translation>保存模板</translation>
    </message>
    <message>
        <source>Template name:</source>
        <translation>模板名称：</translation>
    </message>
    <message>
        <source>Replace the template %1?</source>
        <translation>替换模板 %1？</translation>
    </message>
    <message>
        <source>Delete Template</source>
        <translation>删除模板</translation>
    </message>
    <message>
        <source>Delete the template %1?</source>
        <translation>删除模板 %1？</translation>
    </message>
</context>
<context>
    <name>pier::StorageReader</name>
    <message>
        <source>The broker does not serve DescribeLogDirs.</source>
        <translation>该 Broker 不支持 DescribeLogDirs。</translation>
    </message>
    <message>
        <source>Reading log directories</source>
        <translation>读取日志目录</translation>
    </message>
</context>
<context>
    <name>pier::TopicConfigDialog</name>
    <message>
        <source>Configs of %1</source>
        <translation>%1 的配置</translation>
    </message>
    <message>
        <source>Filter configs by name</source>
        <translation>按名称筛选配置</translation>
    </message>
    <message>
        <source>&amp;Reset to Default</source>
        <translation>恢复默认值(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Discard Changes</source>
        <translation>放弃更改(&amp;D)</translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation>重新读取(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>应用(&amp;A)</translation>
    </message>
    <message>
        <source>Reading the configs of %1 failed</source>
        <translation>读取 %1 的配置失败</translation>
    </message>
    <message numerus="yes">
        <source>Applied %n change(s) to %1.</source>
        <translation>
            <numerusform>已对 %1 应用 %n 项更改。</numerusform>
        </translation>
    </message>
    <message>
        <source>Changing the configs of %1 failed</source>
        <translation>修改 %1 的配置失败</translation>
    </message>
    <message numerus="yes">
        <source>Sending %n change(s)…</source>
        <translation>
            <numerusform>正在发送 %n 项更改…</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading configs…</source>
        <translation>正在读取配置…</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) not applied yet.</source>
        <translation>
            <numerusform>%n 项更改尚未应用。</numerusform>
        </translation>
    </message>
    <message>
        <source>Double-click a value to change it.</source>
        <translation>双击某个值即可修改。</translation>
    </message>
</context>
<context>
    <name>pier::TopicConfigModel</name>
    <message>
        <source>topic override</source>
        <translation>主题覆盖</translation>
    </message>
    <message>
        <source>broker (dynamic)</source>
        <translation>broker（动态）</translation>
    </message>
    <message>
        <source>broker (server.properties)</source>
        <translation>broker（server.properties）</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>(default after apply)</source>
        <translation>（应用后恢复默认）</translation>
    </message>
    <message>
        <source>(hidden)</source>
        <translation>（已隐藏）</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>default (pending)</source>
        <translation>默认（待应用）</translation>
    </message>
    <message>
        <source>topic override (pending)</source>
        <translation>主题覆盖（待应用）</translation>
    </message>
    <message>
        <source>read-only</source>
        <translation>只读</translation>
    </message>
    <message>
        <source>sensitive</source>
        <translation>敏感</translation>
    </message>
    <message>
        <source>The broker does not allow changing %1.</source>
        <translation>broker 不允许修改 %1。</translation>
    </message>
    <message>
        <source>Double-click the value to change it.</source>
        <translation>双击该值即可修改。</translation>
    </message>
    <message>
        <source>Config</source>
        <translation>配置项</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>说明</translation>
    </message>
</context>
<context>
    <name>pier::TopicConfigs</name>
    <message>
        <source>Editing topic configs</source>
        <translation>编辑主题配置</translation>
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
        <translation>未知</translation>
    </message>
    <message numerus="yes">
        <source>%n partition(s) without a leader: clients cannot use them.</source>
        <translation>
            <numerusform>%n 个分区没有 Leader：客户端无法使用这些分区。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n partition(s) with fewer in-sync replicas than replicas.</source>
        <translation>
            <numerusform>%n 个分区的同步副本数少于副本数。</numerusform>
        </translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation>分区数</translation>
    </message>
    <message>
        <source>Replication factor</source>
        <translation>副本因子</translation>
    </message>
    <message>
        <source>Under-replicated</source>
        <translation>副本不足</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>消息数</translation>
    </message>
    <message>
        <source>The size on disk of the partitions&apos; leader replicas (DescribeLogDirs).</source>
        <translation>各分区 Leader 副本在磁盘上的大小（DescribeLogDirs）。</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
</context>
<context>
    <name>pier::TopicsPage</name>
    <message>
        <source>Filter topics by name</source>
        <translation>按名称筛选主题</translation>
    </message>
    <message>
        <source>Show &amp;internal topics</source>
        <translation>显示内部主题(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Create Topic…</source>
        <translation>创建主题(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Add Partitions…</source>
        <translation>添加分区(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Delete Topic…</source>
        <translation>删除主题(&amp;D)…</translation>
    </message>
    <message>
        <source>Select a topic to see its partitions.</source>
        <translation>选择一个主题以查看其分区。</translation>
    </message>
    <message>
        <source>Partitions of %1</source>
        <translation>%1 的分区</translation>
    </message>
    <message>
        <source>Created topic %1.</source>
        <translation>已创建主题 %1。</translation>
    </message>
    <message>
        <source>Creating topic %1 failed</source>
        <translation>创建主题 %1 失败</translation>
    </message>
    <message>
        <source>Add Partitions</source>
        <translation>添加分区</translation>
    </message>
    <message numerus="yes">
        <source>Topic %1 has %n partition(s). New total (partitions are never removed):</source>
        <translation>
            <numerusform>主题 %1 当前有 %n 个分区。新的分区总数（分区只能增加，不能删除）：</numerusform>
        </translation>
    </message>
    <message>
        <source>Topic %1 now has %2 partitions.</source>
        <translation>主题 %1 现在有 %2 个分区。</translation>
    </message>
    <message>
        <source>Adding partitions to %1 failed</source>
        <translation>为 %1 添加分区失败</translation>
    </message>
    <message>
        <source>Delete Topic</source>
        <translation>删除主题</translation>
    </message>
    <message>
        <source>Delete topic %1 and all its messages? This cannot be undone.</source>
        <translation>要删除主题 %1 及其所有消息吗？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Deleted topic %1.</source>
        <translation>已删除主题 %1。</translation>
    </message>
    <message>
        <source>Deleting topic %1 failed</source>
        <translation>删除主题 %1 失败</translation>
    </message>
    <message>
        <source>&amp;Produce…</source>
        <translation>生产消息(&amp;P)…</translation>
    </message>
    <message>
        <source>Edit C&amp;onfigs…</source>
        <translation>编辑配置(&amp;O)…</translation>
    </message>
    <message numerus="yes">
        <source>Applied %n config change(s) to %1.</source>
        <translation>
            <numerusform>已对 %1 应用 %n 项配置更改。</numerusform>
        </translation>
    </message>
    <message>
        <source>Changing the configs of %1 failed</source>
        <translation>修改 %1 的配置失败</translation>
    </message>
</context>
<context>
    <name>pier::WelcomePage</name>
    <message>
        <source>Welcome to Pier</source>
        <translation>欢迎使用 Pier</translation>
    </message>
    <message>
        <source>Open File…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <source>Pier is not connected to a cluster. Connect to any Kafka or Pier cluster by its bootstrap servers to see its brokers, topics and partitions.</source>
        <translation>Pier 尚未连接到集群。通过引导服务器连接到任意 Kafka 或 Pier 集群，即可查看其 Broker、主题和分区。</translation>
    </message>
    <message>
        <source>You can also inspect the bytes of any local file read-only, for example a Kafka log segment such as 00000000000000000000.log.</source>
        <translation>也可以以只读方式查看任意本地文件的字节，例如 Kafka 日志段文件 00000000000000000000.log。</translation>
    </message>
    <message>
        <source>Connect…</source>
        <translation>连接…</translation>
    </message>
</context>
</TS>
