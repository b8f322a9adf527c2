namespace CallGraph.Reporting.Tests;

/// <summary>An XML schema for the subset of GraphML that CallGraph emits (kept in code so no build item is needed).</summary>
internal static class GraphMlSchema
{
    public const string Xsd = """
<?xml version="1.0" encoding="utf-8"?>
<!-- The part of GraphML that CallGraph emits: keys, one undirected graph, nodes, edges and data. -->
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:g="http://graphml.graphdrawing.org/xmlns"
           targetNamespace="http://graphml.graphdrawing.org/xmlns"
           elementFormDefault="qualified">
  <xs:simpleType name="keyFor">
    <xs:restriction base="xs:string">
      <xs:enumeration value="node"/>
      <xs:enumeration value="edge"/>
      <xs:enumeration value="graph"/>
      <xs:enumeration value="all"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="keyType">
    <xs:restriction base="xs:string">
      <xs:enumeration value="boolean"/>
      <xs:enumeration value="int"/>
      <xs:enumeration value="long"/>
      <xs:enumeration value="float"/>
      <xs:enumeration value="double"/>
      <xs:enumeration value="string"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:complexType name="data">
    <xs:simpleContent>
      <xs:extension base="xs:string">
        <xs:attribute name="key" type="xs:IDREF" use="required"/>
      </xs:extension>
    </xs:simpleContent>
  </xs:complexType>
  <xs:element name="graphml">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="key" minOccurs="0" maxOccurs="unbounded">
          <xs:complexType>
            <xs:attribute name="id" type="xs:ID" use="required"/>
            <xs:attribute name="for" type="g:keyFor" use="required"/>
            <xs:attribute name="attr.name" type="xs:NMTOKEN" use="required"/>
            <xs:attribute name="attr.type" type="g:keyType" use="required"/>
          </xs:complexType>
        </xs:element>
        <xs:element name="graph">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="node" minOccurs="0" maxOccurs="unbounded">
                <xs:complexType>
                  <xs:sequence>
                    <xs:element name="data" type="g:data" minOccurs="0" maxOccurs="unbounded"/>
                  </xs:sequence>
                  <xs:attribute name="id" type="xs:string" use="required"/>
                </xs:complexType>
              </xs:element>
              <xs:element name="edge" minOccurs="0" maxOccurs="unbounded">
                <xs:complexType>
                  <xs:sequence>
                    <xs:element name="data" type="g:data" minOccurs="0" maxOccurs="unbounded"/>
                  </xs:sequence>
                  <xs:attribute name="id" type="xs:string" use="required"/>
                  <xs:attribute name="source" type="xs:string" use="required"/>
                  <xs:attribute name="target" type="xs:string" use="required"/>
                </xs:complexType>
              </xs:element>
            </xs:sequence>
            <xs:attribute name="id" type="xs:string" use="required"/>
            <xs:attribute name="edgedefault" use="required">
              <xs:simpleType>
                <xs:restriction base="xs:string">
                  <xs:enumeration value="directed"/>
                  <xs:enumeration value="undirected"/>
                </xs:restriction>
              </xs:simpleType>
            </xs:attribute>
          </xs:complexType>
          <xs:key name="nodeId">
            <xs:selector xpath="g:node"/>
            <xs:field xpath="@id"/>
          </xs:key>
          <xs:keyref name="edgeSource" refer="g:nodeId">
            <xs:selector xpath="g:edge"/>
            <xs:field xpath="@source"/>
          </xs:keyref>
          <xs:keyref name="edgeTarget" refer="g:nodeId">
            <xs:selector xpath="g:edge"/>
            <xs:field xpath="@target"/>
          </xs:keyref>
        </xs:element>
      </xs:sequence>
    </xs:complexType>
  </xs:element>
</xs:schema>
""";
}
