namespace CallGraph.Cli.Tests.Campaigns;

/// <summary>
/// A small world for the campaign tests. Targets in priority order (share desc, members desc, number):
/// <code>
///  #  msisdn       group share members  band       manager(cap 2)  feedback
///  1  13800000001  G1    0.60  12       [0.5,1]    alice           won  3000 / 500
///  2  13800000002  G1    0.50  10       [0.5,1]    alice           lost    0 / 300
///  3  13800000003  G2    0.40   8       [0.3,0.5)  bob             won  2000 / 400
///  4  13800000004  G3    0.30   6       [0.3,0.5)  carol           unreachable 0 / 100
///  5  13800000005  G2    0.25   5       [0.2,0.3)  bob             won   800 / 400
///  6  13800000006  G3    0.25   5       [0.2,0.3)  carol           pending  0 / 50
///  7  13800000007  G1    0.20   4       [0.2,0.3)  (alice full)    lost    0 / 200
///  8  13800000008  G2    0.15   3       [0.1,0.2)  (bob full)      won   300 / 300
///  9  13800000009  G3    0.11   2       [0.1,0.2)  (carol full)    none
/// </code>
/// 13800000003 also appears around G1 with a lower share (counts once, for G2); 13800000010 is below --min-share 0.1.
/// </summary>
public static class CampaignFixture
{
    public const string Prospects =
        "group_id,msisdn,operator,members_contacted,member_share,calls,sms,seconds,working_hours_share,first_seen,last_seen,groups_reached,employee_likelihood,reasons\n" +
        "G3,13800000009,unicom,2,0.11,3,0,120,0.5,2026-01-03T10:00:00,2026-01-20T10:00:00,1,0.1,\n" +
        "G1,13800000001,unicom,12,0.6,40,2,3600,0.8,2026-01-01T09:00:00,2026-01-31T17:00:00,1,0.2,\n" +
        "G2,13800000005,telecom,5,0.25,9,1,700,0.7,2026-01-02T09:00:00,2026-01-30T17:00:00,1,0.3,\n" +
        "G1,13800000002,telecom,10,0.5,30,0,2400,0.9,2026-01-01T09:00:00,2026-01-31T17:00:00,2,0.6,\n" +
        "G3,13800000006,unicom,5,0.25,8,0,500,0.4,2026-01-05T09:00:00,2026-01-25T17:00:00,1,0.1,\n" +
        "G2,13800000003,unicom,8,0.4,20,4,1800,0.6,2026-01-01T09:00:00,2026-01-31T17:00:00,2,0.2,\n" +
        "G1,13800000003,unicom,5,0.25,6,0,300,0.5,2026-01-10T09:00:00,2026-01-31T17:00:00,2,0.2,\n" +
        "G3,13800000004,unicom,6,0.3,12,1,900,0.5,2026-01-01T09:00:00,2026-01-31T17:00:00,1,0.4,\n" +
        "G1,13800000007,unicom,4,0.2,5,0,400,0.6,2026-01-04T09:00:00,2026-01-28T17:00:00,1,0.2,\n" +
        "G2,13800000008,telecom,3,0.15,4,0,200,0.3,2026-01-06T09:00:00,2026-01-29T17:00:00,1,0.1,\n" +
        "G1,13800000010,unicom,1,0.05,1,0,30,0.0,2026-01-07T09:00:00,2026-01-07T09:00:00,1,0.0,\n";

    public const string Groups =
        "group_id,name,branch,account_manager,industry\n" +
        "G1,Acme Logistics,North,alice,logistics\n" +
        "G2,\"Beta, Inc\",South,bob,finance\n" +
        "G3,Gamma Steel,North,carol,manufacturing\n";

    public const string Feedback =
        "msisdn,outcome,revenue,cost,note\n" +
        "13800000001,won,3000,500,signed two lines\n" +
        "13800000002,lost,0,300,\n" +
        "+86 138 0000 0003,won,2000,400,\n" +
        "13800000004,unreachable,0,100,\n" +
        "13800000005,won,800,400,\n" +
        "13800000006,pending,0,50,callback friday\n" +
        "13800000007,lost,0,200,\n" +
        "13800000008,won,300.00,300,\n";
}
