namespace CallGraph.Synthetic;

/// <summary>Names of the files <see cref="WorldGenerator.Write(WorldOptions, IWorldOutput, IProgress{long})"/> produces.</summary>
public static class WorldFiles
{
    /// <summary>The CDR dump: <c>caller,callee,start_time,duration_s,type,cell_id</c>.</summary>
    public const string Cdr = "cdr.csv";

    /// <summary>The CDR dump, gzip-compressed (with <see cref="WorldOptions.Gzip"/>).</summary>
    public const string GzipCdr = "cdr.csv.gz";

    /// <summary>The rosters: <c>group_id,msisdn</c>.</summary>
    public const string Members = "members.csv";

    /// <summary>Group details: <c>group_id,name,branch,account_manager,industry</c>.</summary>
    public const string Groups = "groups.csv";

    /// <summary>Account managers' survey: <c>group_id,competitor_members</c>.</summary>
    public const string Survey = "survey.csv";

    /// <summary>The built-in operator table: <c>prefix,operator,mvno</c>.</summary>
    public const string Prefixes = "prefixes.csv";

    /// <summary>Truth per roster row: <c>group_id,msisdn,label,kind</c>.</summary>
    public const string TruthMembers = "truth_members.csv";

    /// <summary>Employees on a competitor network (first month): <c>group_id,msisdn,operator</c>.</summary>
    public const string TruthCompetitors = "truth_competitors.csv";

    /// <summary>On-net employees missing from their roster: <c>group_id,msisdn</c>.</summary>
    public const string TruthPotentialMembers = "truth_potential_members.csv";

    /// <summary>Each group's business partners: <c>group_id,msisdn,operator,shared</c>.</summary>
    public const string TruthPartners = "truth_partners.csv";

    /// <summary>Truth per group (first month): <c>group_id,roster,employees,onnet_employees,competitor_employees,genuine_on_roster,true_market_share</c>.</summary>
    public const string TruthGroups = "truth_groups.csv";

    /// <summary>Truth per group and month (multi-month worlds): <c>month,group_id,…</c> as <see cref="TruthGroups"/>.</summary>
    public const string TruthGroupMonths = "truth_group_months.csv";

    /// <summary>Poached employees (multi-month worlds): <c>group_id,old_msisdn,new_msisdn,operator,month</c>.</summary>
    public const string TruthMigrations = "truth_migrations.csv";

    /// <summary>Options and counts of the run.</summary>
    public const string WorldJson = "world.json";
}
