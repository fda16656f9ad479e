<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
    <name>pier::HexDumpView</name>
    <message>
        <source>Copy Row as Text</source>
        <translation>将该行复制为文本</translation>
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
        <source>&amp;Close File</source>
        <translation>关闭文件(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Welcome Page</source>
        <translation>欢迎页(&amp;W)</translation>
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
        <source>Connecting to clusters is not available in this version of Pier yet.</source>
        <translation>此版本的 Pier 尚不支持连接集群。</translation>
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
        <source>&lt;h3&gt;Pier %1&lt;/h3&gt;&lt;p&gt;A toolkit for Kafka-compatible streaming: a desktop console, a broker and a coordination service.&lt;/p&gt;&lt;p&gt;This version of the console inspects local files byte by byte. Connecting to clusters is not available yet.&lt;/p&gt;&lt;p&gt;Built with Qt %2, running on Qt %3.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Pier %1&lt;/h3&gt;&lt;p&gt;面向兼容 Kafka 的流处理工具集：桌面控制台、消息代理（broker）和协调服务。&lt;/p&gt;&lt;p&gt;此版本的控制台可以逐字节查看本地文件，尚不支持连接集群。&lt;/p&gt;&lt;p&gt;使用 Qt %2 构建，运行于 Qt %3。&lt;/p&gt;</translation>
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
</context>
<context>
    <name>pier::WelcomePage</name>
    <message>
        <source>Welcome to Pier</source>
        <translation>欢迎使用 Pier</translation>
    </message>
    <message>
        <source>Pier is not connected to a cluster. Connecting to Kafka clusters is not available in this version yet.</source>
        <translation>Pier 尚未连接到任何集群。此版本还不支持连接 Kafka 集群。</translation>
    </message>
    <message>
        <source>You can already inspect the bytes of any local file read-only, for example a Kafka log segment such as 00000000000000000000.log.</source>
        <translation>您现在已经可以以只读方式查看任意本地文件的字节，例如 Kafka 日志段 00000000000000000000.log。</translation>
    </message>
    <message>
        <source>Open File…</source>
        <translation>打开文件…</translation>
    </message>
</context>
</TS>
