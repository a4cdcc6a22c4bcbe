import { describe, expect, it } from 'vitest';
import { learnFormats, matchHead } from '../../../../src/diagnostics/logs/learn/index.ts';
import { regexProblem } from '../../../../src/registry/validate.ts';

/**
 * Lines in the shapes of the Loghub data sets (the 2k files themselves are read by
 * scripts/eval/loghub-heads.ts, outside the repository): every line a head, every head safe.
 */
const SETS: Record<string, string[]> = {
  Hadoop: [
    '2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster for application appattempt_1445144423722_0020_000001',
    '2015-10-18 18:01:48,963 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Executing with tokens:',
    '2015-10-18 18:01:50,353 INFO [RMCommunicator Allocator] org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator: Before Scheduling: PendingReds:1',
    '2015-10-18 18:02:01,231 WARN [LeaseRenewer:msrabi@msra-sa-41:9000] org.apache.hadoop.hdfs.LeaseRenewer: Failed to renew lease for [DFSClient_NONMAPREDUCE_1537864556_1] for 30 seconds.  Will retry shortly ...',
    '2015-10-18 18:02:01,231 ERROR [RMCommunicator Allocator] org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator: ERROR IN CONTACTING RM.'],
  BGL: [
    '- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected',
    '- 1117838573 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.53.276129 R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected',
    'APPREAD 1117869872 2005.06.04 R04-M1-N4-I:J18-U11 2005-06-04-00.24.32.432192 R04-M1-N4-I:J18-U11 RAS APP FATAL ciod: failed to read message prefix on control stream (CioStream socket to 172.16.96.116:33569',
    '- 1117869876 2005.06.04 NULL 2005-06-04-00.24.36.222560 NULL RAS MMCS ERROR idoproxydb hit ASSERT condition: ASSERT expression=0 Source file=idotransportmgr.cpp Source line=1043 Function=int IdoTransportMgr::SendPacket(IdoUdpMgr*, BglCtlPavTrace*)',
    '- 1118536327 2005.06.11 R30-M0-N9-C:J16-U01 2005-06-11-17.32.07.581048 R30-M0-N9-C:J16-U01 RAS KERNEL INFO 1146800 double-hummer alignment exceptions'],
  Thunderbird: [
    '- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session closed for user root',
    '- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session opened for user root by (uid=0)',
    '- 1131566479 2005.11.09 tbird-admin1 Nov 9 12:01:19 local@tbird-admin1 /apps/x86_64/system/ganglia-3.0.1/sbin/gmetad[1682]: data_thread() got not answer from any [Thunderbird_A8] datasource',
    '- 1131567061 2005.11.09 dn100 Nov 9 12:11:01 dn100/dn100 kernel: Losing some ticks... checking if CPU frequency changed.'],
  Windows: [
    '2016-09-28 04:30:30, Info                  CBS    Loaded Servicing Stack v6.1.7601.23505 with Core: C:\\Windows\\winsxs\\amd64_microsoft-windows-servicingstack_31bf3856ad364e35_6.1.7601.23505_none_681aa442f6fed7f0\\cbscore.dll',
    '2016-09-28 04:30:31, Info                  CSI    00000001@2016/9/27:20:30:31.455 WcpInitialize (wcp.dll version 0.0.0.6) called (stack @0x7fed806eb5d @0x7fef9fb9b6d @0x7fef9f8358f @0xff83e97c @0xff83d799 @0xff83db2f)',
    '2016-09-28 04:30:31, Info                  CBS    Ending TrustedInstaller initialization.',
    '2016-09-28 04:30:31, Warning               CBS    Failed to get next element [HRESULT = 0x800f080d - CBS_E_MANIFEST_INVALID_ITEM]'],
  Zookeeper: [
    '2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200',
    '2015-07-29 19:04:12,394 - INFO  [/10.10.34.11:3888:QuorumCnxManager$Listener@493] - Received connection request /10.10.34.11:45307',
    '2015-07-29 19:04:29,071 - WARN  [SendWorker:188978561024:QuorumCnxManager$SendWorker@688] - Send worker leaving thread',
    '2015-07-29 19:13:17,524 - ERROR [CommitProcessor:1:NIOServerCnxn@180] - Unexpected Exception: '],
  Proxifier: [
    '[10.30 16:49:06] chrome.exe - proxy.cse.cuhk.edu.hk:5070 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS',
    '[10.30 16:49:07] chrome.exe - proxy.cse.cuhk.edu.hk:5070 close, 0 bytes sent, 0 bytes received, lifetime 00:01',
    '[10.30 16:49:08] Dropbox.exe *64 - proxy.cse.cuhk.edu.hk:5070 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS'],
  OpenSSH: [
    'Dec 10 06:55:46 LabSZ sshd[24200]: reverse mapping checking getaddrinfo for ns.marryaldkfaczcz.com [173.234.31.186] failed - POSSIBLE BREAK-IN ATTEMPT!',
    'Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186',
    'Dec 10 07:07:38 LabSZ sshd[24206]: input_userauth_request: invalid user test9 [preauth]'],
  OpenStack: [
    'nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 25746 INFO nova.osapi_compute.wsgi.server [req-38101a0b-2096-447d-96ea-a692162415ae 113d3a99c3da401fbd62cc2caa5b96d2 54fc1a270c05ef3b3eb00e82e2a5ef2d - - -] 10.11.10.1 "GET /v2/54fc1a270c05ef3b3eb00e82e2a5ef2d/servers/detail HTTP/1.1" status: 200 len: 1893 time: 0.2477829',
    'nova-compute.log.1.2017-05-16_13:55:31 2017-05-16 00:00:04.500 2931 INFO nova.compute.manager [req-3ea4052c-895d-4b64-9e2d-04d64c4d94ab - - - - -] [instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d] VM Started (Lifecycle Event)',
    'nova-compute.log.1.2017-05-16_13:55:31 2017-05-16 00:00:04.562 2931 INFO nova.compute.manager [-] [instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d] VM Resumed (Lifecycle Event)',
    'nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:01.008 25746 WARNING nova.osapi_compute.wsgi.server [req-38101a0b-2096-447d-96ea-a692162415ae 113d3a99c3da401fbd62cc2caa5b96d2 54fc1a270c05ef3b3eb00e82e2a5ef2d - - -] 10.11.10.1 "GET /v2/x HTTP/1.1" status: 200'],
  Mac: [
    'Jul  1 09:00:55 calvisitor-10-105-160-95 kernel[0]: IOThunderboltSwitch<0>(0x0)::listenerCallback - Thunderbolt HPD packet for route = 0x0 port = 11 unplug = 0',
    'Jul  1 09:01:05 calvisitor-10-105-160-95 com.apple.CDScheduler[43]: Thermal pressure state: 1 Memory pressure state: 0',
    'Jul  1 09:02:26 calvisitor-10-105-160-95 QQ[10018]: FA||Url||taskID[2019352994] dealloc',
    'Jul  1 09:03:11 calvisitor-10-105-160-95 com.apple.xpc.launchd[1] (com.apple.xpc.launchd.domain.pid.WebContent.35566): Service exited with abnormal code: 1'],
};

describe('heads in the shapes of the Loghub data sets', () => {
  it.each(Object.keys(SETS))('%s', (name) => {
    const lines = SETS[name]!;
    const formats = learnFormats(lines);
    expect(formats).toHaveLength(1);
    const [f] = formats;
    expect(regexProblem(f!.head), f!.head).toBeUndefined();
    const re = new RegExp(f!.head);
    for (const line of lines) expect(matchHead(re, f!, line), line).toBeDefined();
    expect(f!.timestamp).toBeDefined();
  });
});
