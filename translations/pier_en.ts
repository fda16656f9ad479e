<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
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
    <name>pier::HexDumpView</name>
    <message>
        <source>Copy Row as Text</source>
        <translation>Copy Row as Text</translation>
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
        <source>&amp;Close File</source>
        <translation>&amp;Close File</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Welcome Page</source>
        <translation>&amp;Welcome Page</translation>
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
        <source>Connecting to clusters is not available in this version of Pier yet.</source>
        <translation>Connecting to clusters is not available in this version of Pier yet.</translation>
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
        <source>&lt;h3&gt;Pier %1&lt;/h3&gt;&lt;p&gt;A toolkit for Kafka-compatible streaming: a desktop console, a broker and a coordination service.&lt;/p&gt;&lt;p&gt;This version of the console inspects local files byte by byte. Connecting to clusters is not available yet.&lt;/p&gt;&lt;p&gt;Built with Qt %2, running on Qt %3.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Pier %1&lt;/h3&gt;&lt;p&gt;A toolkit for Kafka-compatible streaming: a desktop console, a broker and a coordination service.&lt;/p&gt;&lt;p&gt;This version of the console inspects local files byte by byte. Connecting to clusters is not available yet.&lt;/p&gt;&lt;p&gt;Built with Qt %2, running on Qt %3.&lt;/p&gt;</translation>
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
</context>
<context>
    <name>pier::WelcomePage</name>
    <message>
        <source>Welcome to Pier</source>
        <translation>Welcome to Pier</translation>
    </message>
    <message>
        <source>Pier is not connected to a cluster. Connecting to Kafka clusters is not available in this version yet.</source>
        <translation>Pier is not connected to a cluster. Connecting to Kafka clusters is not available in this version yet.</translation>
    </message>
    <message>
        <source>You can already inspect the bytes of any local file read-only, for example a Kafka log segment such as 00000000000000000000.log.</source>
        <translation>You can already inspect the bytes of any local file read-only, for example a Kafka log segment such as 00000000000000000000.log.</translation>
    </message>
    <message>
        <source>Open File…</source>
        <translation>Open File…</translation>
    </message>
</context>
</TS>
