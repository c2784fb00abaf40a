// The WS-Man classes the simulator serves (§2.1–2.9) and how each one's instances are built from the device's
// profile and live state. Property names and order follow the raw captures in test/fixtures/amt-wsman.
import type { BootConfiguration, PutResult } from './boot-configuration';
import { BOOT_SOURCES } from './boot-configuration';
import { BOOT_CONFIG_INSTANCE, POWER_ON, PREFIX_AMT, PREFIX_CIM, PREFIX_IPS } from './constants';
import type { DeviceProfile } from './device-profile';
import { element, writeEndpointReference, type Properties } from './envelope-writer';
import type { PowerStateMachine } from './power-state-machine';
import type { RedirectionState } from './redirection-state';
import type { MethodOutcome, ThirdPartyStorage } from './third-party-storage';

export interface DeviceState {
  readonly profile: DeviceProfile;
  readonly power: PowerStateMachine;
  readonly boot: BootConfiguration;
  readonly redirection: RedirectionState;
  /** Third Party Data Storage; also holds the OS identity (host name) a re-install changes. */
  readonly storage: ThirdPartyStorage;
}

export interface Instance {
  readonly className: string;
  readonly properties: Properties;
}

export interface ClassDefinition {
  readonly className: string;
  readonly resourceUri: string;
  /**
   * Whether the firmware declares the CIM `common` namespace (h in a Get, i in a Pull) for this class, even when no
   * property uses it. Captures show it for services, physical elements and SoftwareIdentity, not for settings classes.
   */
  readonly declaresCommon: boolean;
  /** Namespace of the items a Pull returns (association classes return items typed as another class). */
  readonly itemNamespace: string;
  /** All instances; `commonPrefix` is the prefix bound to the CIM common namespace in the envelope being written. */
  readonly instances: (state: DeviceState, commonPrefix: string) => Instance[];
  /** Default items per Pull for this class (the CIM_BootSourceSetting captures show one per Pull). */
  readonly pullPageLimit?: number;
  /** Methods by name: arguments in, ReturnValue out. */
  readonly methods?: Readonly<Record<string, MethodHandler>>;
  /** Put support: the fields of the request body in, accepted or refused (refused → a fault). Absent = no Put. */
  readonly put?: (state: DeviceState, fields: ReadonlyMap<string, string>) => PutResult;
  /** Whether the firmware offers the class now (absent = always); an unavailable class is DestinationUnreachable. */
  readonly available?: (state: DeviceState) => boolean;
}

/** A ReturnValue alone, or with output parameters (written after ReturnValue, in order). */
export type MethodHandler = (
  state: DeviceState,
  input: Record<string, unknown>,
  context: MethodContext,
) => number | MethodOutcome;

export interface MethodContext {
  readonly busyFault: boolean;
}

const POWER_SERVICE_NAME = 'Intel(r) AMT Power Management Service';
const AMT_SYSTEM = 'Intel(r) AMT';
/** AvailableRequestedPowerStates as captured: the full list while on, only "power on" while off. */
const AVAILABLE_WHEN_ON = [10, 8, 5, 11, 4, 7, 14, 12];
const AVAILABLE_WHEN_OFF = [2];

const bool = (value: boolean): string => (value ? 'true' : 'false');

function managedSystemReference(): ReturnType<typeof writeEndpointReference> {
  return writeEndpointReference(`${PREFIX_CIM}CIM_ComputerSystem`, [
    ['CreationClassName', 'CIM_ComputerSystem'],
    ['Name', 'ManagedSystem'],
  ]);
}

function associatedPowerService(state: DeviceState): Instance {
  const on = state.power.powerState === POWER_ON;
  return {
    className: 'CIM_AssociatedPowerManagementService',
    properties: [
      ['AvailableRequestedPowerStates', on ? AVAILABLE_WHEN_ON : AVAILABLE_WHEN_OFF],
      ['PowerState', state.power.powerState],
      [
        'ServiceProvided',
        writeEndpointReference(`${PREFIX_CIM}CIM_PowerManagementService`, [
          ['CreationClassName', 'CIM_PowerManagementService'],
          ['Name', POWER_SERVICE_NAME],
          ['SystemCreationClassName', 'CIM_ComputerSystem'],
          ['SystemName', AMT_SYSTEM],
        ]),
      ],
      ['UserOfService', managedSystemReference()],
    ],
  };
}

function generalSettings({ profile, storage }: DeviceState): Instance {
  return {
    className: 'AMT_GeneralSettings',
    properties: [
      ['AMTNetworkEnabled', 1],
      ['DDNSPeriodicUpdateInterval', 1440],
      ['DDNSTTL', 900],
      ['DDNSUpdateByDHCPServerEnabled', 'true'],
      ['DDNSUpdateEnabled', 'false'],
      ['DHCPv6ConfigurationTimeout', 0],
      ['DigestRealm', profile.realm],
      ['DomainName', profile.domainName],
      ['ElementName', 'Intel(r) AMT: General Settings'],
      // The OS pushes its host name into AMT (through LMS), so a re-installed OS shows its new name here.
      ['HostName', storage.os.hostName],
      ['HostOSFQDN', profile.domainName ? `${storage.os.hostName}.${profile.domainName}` : storage.os.hostName],
      ['IdleWakeTimeout', 1],
      ['InstanceID', 'Intel(r) AMT: General Settings'],
      ['NetworkInterfaceEnabled', 'true'],
      ['PingResponseEnabled', 'true'],
      ['PowerSource', 0],
      ['PreferredAddressFamily', 0],
      ['PresenceNotificationInterval', 0],
      ['PrivacyLevel', 0],
      ['RmcpPingResponseEnabled', 'true'],
      ['SharedFQDN', 'true'],
      ['ThunderboltDockEnabled', 0],
      ['WsmanOnlyMode', 'false'],
    ],
  };
}

function softwareIdentities({ profile }: DeviceState): Instance[] {
  const v = profile.amtVersion;
  const build = String(profile.firmware.build);
  const rows: Array<[string, string]> = [
    ['Flash', v],
    ['Netstack', v],
    ['AMTApps', v],
    ['AMT', v],
    ['Sku', profile.sku],
    ['VendorID', '8086'],
    ['Build Number', build],
    ['Recovery Version', v],
    ['Recovery Build Num', build],
    ['Legacy Mode', 'False'],
    ['AMT FW Core Version', v],
  ];
  return rows.map(([id, version]) => ({
    className: 'CIM_SoftwareIdentity',
    properties: [
      ['InstanceID', id],
      ['IsEntity', 'true'],
      ['VersionString', version],
    ],
  }));
}

function ethernetPorts({ profile }: DeviceState): Instance[] {
  const wired: Properties = [
    ['DHCPEnabled', bool(profile.dhcpEnabled)],
    ['DefaultGateway', profile.defaultGateway],
    ['ElementName', 'Intel(r) AMT Ethernet Port Settings'],
    ['IPAddress', profile.ipAddress],
    ['InstanceID', 'Intel(r) AMT Ethernet Port Settings 0'],
    ['IpSyncEnabled', 'true'],
    ['LinkIsUp', 'true'],
    ['LinkPolicy', [1, 14]],
    ['MACAddress', profile.mac],
    ['PhysicalConnectionType', 0],
    ['PrimaryDNS', profile.primaryDns],
    ['SharedDynamicIP', bool(profile.dhcpEnabled)],
    ['SharedMAC', 'true'],
    ['SharedStaticIp', bool(!profile.dhcpEnabled)],
    ['SubnetMask', profile.subnetMask],
  ];
  const wireless: Properties = [
    ['ConsoleTcpMaxRetransmissions', 5],
    ['DHCPEnabled', 'true'],
    ['ElementName', 'Intel(r) AMT Ethernet Port Settings'],
    ['InstanceID', 'Intel(r) AMT Ethernet Port Settings 1'],
    ['LinkControl', 2],
    ['LinkIsUp', 'false'],
    ['LinkPreference', 2],
    ['MACAddress', '00-00-00-00-00-00'],
    ['PhysicalConnectionType', 3],
    ['SharedMAC', 'true'],
    ['WLANLinkProtectionLevel', 1],
  ];
  return [
    { className: 'AMT_EthernetPortSettings', properties: wired },
    { className: 'AMT_EthernetPortSettings', properties: wireless },
  ];
}

function single(className: string, properties: Properties): Instance[] {
  return [{ className, properties }];
}

function parseIntArg(value: unknown): number {
  const text = typeof value === 'string' ? value.trim() : '';
  return /^\d{1,10}$/.test(text) ? Number(text) : NaN;
}

/** PT_STATUS INVALID_PARAMETER (§1.5) for method arguments the firmware would not accept. */
const RETURN_INVALID_PARAMETER = 0x24;
/** What the captured StartOptIn/SendOptInCode failures return (fixtures IPS_OptInService.*). */
const RETURN_OPT_IN_FAILED = 2;
const PUT_OK: PutResult = { ok: true };

function sourceInstanceId(input: Record<string, unknown>): string | null | undefined {
  const source = input['Source'];
  if (source === undefined || source === '') return null;
  const params = (source as Record<string, unknown>)['ReferenceParameters'] as Record<string, unknown> | undefined;
  const selectorSet = params?.['SelectorSet'] as Record<string, unknown> | undefined;
  const raw = selectorSet?.['Selector'];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  for (const item of list) {
    const rec = item as Record<string, unknown>;
    if (rec['@_Name'] === 'InstanceID') return String(rec['#text'] ?? '');
  }
  return undefined;
}

const cls = (prefix: string, className: string) => ({ className, resourceUri: prefix + className });

/** Methods of AMT_ThirdPartyDataStorageService the simulator answers (§2.11); the storage object does the work. */
const STORAGE_METHODS = [
  'RegisterApplication',
  'UnregisterApplication',
  'RemoveApplication',
  'GetCurrentApplicationHandle',
  'GetRegisteredApplications',
  'GetApplicationAttributes',
  'GetMTU',
  'GetBytesAvailable',
  'GetTimeoutValues',
  'GetWriteEraseLimit',
  'AllocateBlock',
  'DeallocateBlock',
  'GetAllocatedBlocks',
  'GetBlockAttributes',
  'ReadBlock',
  'WriteBlock',
] as const;

const storageService: ClassDefinition = {
  ...cls(PREFIX_AMT, 'AMT_ThirdPartyDataStorageService'),
  declaresCommon: true,
  itemNamespace: `${PREFIX_AMT}AMT_ThirdPartyDataStorageService`,
  available: ({ storage }) => storage.available,
  instances: () =>
    single('AMT_ThirdPartyDataStorageService', [
      ['CreationClassName', 'AMT_ThirdPartyDataStorageService'],
      ['ElementName', 'Intel(r) AMT Third Party Data Storage Service'],
      ['EnabledState', 5],
      ['Name', 'Intel(r) AMT Third Party Data Storage Service'],
      ['SystemCreationClassName', 'CIM_ComputerSystem'],
      ['SystemName', AMT_SYSTEM],
    ]),
  methods: Object.fromEntries(
    STORAGE_METHODS.map((name) => [
      name,
      ({ storage }: DeviceState, input: Record<string, unknown>) =>
        storage.invoke(name, input) ?? RETURN_INVALID_PARAMETER,
    ]),
  ),
};

export const CLASS_CATALOG: readonly ClassDefinition[] = [
  {
    ...cls(PREFIX_AMT, 'AMT_GeneralSettings'),
    declaresCommon: false,
    itemNamespace: `${PREFIX_AMT}AMT_GeneralSettings`,
    instances: (s) => [generalSettings(s)],
  },
  {
    ...cls(PREFIX_CIM, 'CIM_SoftwareIdentity'),
    declaresCommon: true,
    itemNamespace: `${PREFIX_CIM}CIM_SoftwareIdentity`,
    instances: softwareIdentities,
  },
  {
    ...cls(PREFIX_AMT, 'AMT_EthernetPortSettings'),
    declaresCommon: false,
    itemNamespace: `${PREFIX_AMT}AMT_EthernetPortSettings`,
    instances: ethernetPorts,
  },
  {
    ...cls(PREFIX_CIM, 'CIM_ServiceAvailableToElement'),
    declaresCommon: true,
    itemNamespace: `${PREFIX_CIM}CIM_AssociatedPowerManagementService`,
    instances: (s) => [associatedPowerService(s)],
  },
  {
    ...cls(PREFIX_CIM, 'CIM_AssociatedPowerManagementService'),
    declaresCommon: true,
    itemNamespace: `${PREFIX_CIM}CIM_AssociatedPowerManagementService`,
    instances: (s) => [associatedPowerService(s)],
  },
  {
    ...cls(PREFIX_CIM, 'CIM_PowerManagementService'),
    declaresCommon: true,
    itemNamespace: `${PREFIX_CIM}CIM_PowerManagementService`,
    instances: () =>
      single('CIM_PowerManagementService', [
        ['CreationClassName', 'CIM_PowerManagementService'],
        ['ElementName', 'Intel(r) AMT Power Management Service'],
        ['EnabledState', 5],
        ['Name', POWER_SERVICE_NAME],
        ['RequestedState', 12],
        ['SystemCreationClassName', 'CIM_ComputerSystem'],
        ['SystemName', AMT_SYSTEM],
      ]),
    methods: {
      RequestPowerStateChange: (state, input, context) =>
        state.power.receive(parseIntArg(input['PowerState']), context.busyFault),
    },
  },
  {
    ...cls(PREFIX_AMT, 'AMT_BootCapabilities'),
    declaresCommon: false,
    itemNamespace: `${PREFIX_AMT}AMT_BootCapabilities`,
    instances: () =>
      single('AMT_BootCapabilities', [
        ['BIOSPause', 'false'],
        ['BIOSReflash', 'true'],
        ['BIOSSecureBoot', 'true'],
        ['BIOSSetup', 'true'],
        ['ConfigurationDataReset', 'false'],
        ['ElementName', 'Intel(r) AMT: Boot Capabilities'],
        ['ForceCDorDVDBoot', 'true'],
        ['ForceDiagnosticBoot', 'false'],
        ['ForceHardDriveBoot', 'true'],
        ['ForceHardDriveSafeModeBoot', 'false'],
        ['ForcePXEBoot', 'true'],
        ['ForcedProgressEvents', 'true'],
        ['IDER', 'true'],
        ['InstanceID', 'Intel(r) AMT:BootCapabilities 0'],
        ['KeyboardLock', 'true'],
        ['PowerButtonLock', 'false'],
        ['ResetButtonLock', 'false'],
        ['SOL', 'true'],
        ['SecureErase', 'false'],
        ['SleepButtonLock', 'false'],
        ['UserPasswordBypass', 'true'],
        ['VerbosityQuiet', 'false'],
        ['VerbosityScreenBlank', 'false'],
        ['VerbosityVerbose', 'false'],
      ]),
  },
  {
    ...cls(PREFIX_AMT, 'AMT_BootSettingData'),
    declaresCommon: false,
    itemNamespace: `${PREFIX_AMT}AMT_BootSettingData`,
    instances: (s) => single('AMT_BootSettingData', [...s.boot.settingData().entries()]),
    put: (s, fields) => s.boot.put(fields),
  },
  {
    ...cls(PREFIX_CIM, 'CIM_BootConfigSetting'),
    declaresCommon: false,
    itemNamespace: `${PREFIX_CIM}CIM_BootConfigSetting`,
    instances: () =>
      single('CIM_BootConfigSetting', [
        ['ElementName', 'Intel(r) AMT: Boot Configuration'],
        ['InstanceID', BOOT_CONFIG_INSTANCE],
      ]),
    methods: {
      ChangeBootOrder: (state, input) => {
        const source = sourceInstanceId(input);
        if (source === undefined) return RETURN_INVALID_PARAMETER;
        return state.boot.changeBootOrder(source) ? 0 : RETURN_INVALID_PARAMETER;
      },
    },
  },
  {
    ...cls(PREFIX_CIM, 'CIM_BootService'),
    declaresCommon: true,
    itemNamespace: `${PREFIX_CIM}CIM_BootService`,
    instances: () =>
      single('CIM_BootService', [
        ['CreationClassName', 'CIM_BootService'],
        ['ElementName', 'Intel(r) AMT Boot Service'],
        ['EnabledState', 2],
        ['Name', 'Intel(r) AMT Boot Service'],
        ['OperationalStatus', 0],
        ['RequestedState', 12],
        ['SystemCreationClassName', 'CIM_ComputerSystem'],
        ['SystemName', AMT_SYSTEM],
      ]),
    methods: {
      SetBootConfigRole: (state, input) =>
        state.boot.setRole(parseIntArg(input['Role'])) ? 0 : RETURN_INVALID_PARAMETER,
    },
  },
  {
    ...cls(PREFIX_CIM, 'CIM_BootSourceSetting'),
    declaresCommon: false,
    itemNamespace: `${PREFIX_CIM}CIM_BootSourceSetting`,
    pullPageLimit: 1,
    instances: () =>
      BOOT_SOURCES.map((s) => ({
        className: 'CIM_BootSourceSetting',
        properties: [
          ['ElementName', 'Intel(r) AMT: Boot Source'],
          ['FailThroughSupported', 2],
          ['InstanceID', s.instanceId],
          ['StructuredBootString', s.bootString],
        ],
      })),
  },
  {
    ...cls(PREFIX_CIM, 'CIM_ComputerSystemPackage'),
    declaresCommon: false,
    itemNamespace: `${PREFIX_CIM}CIM_ComputerSystemPackage`,
    instances: ({ profile }) =>
      single('CIM_ComputerSystemPackage', [
        [
          'Antecedent',
          writeEndpointReference(`${PREFIX_CIM}CIM_Chassis`, [
            ['CreationClassName', 'CIM_Chassis'],
            ['Tag', 'CIM_Chassis'],
          ]),
        ],
        ['Dependent', managedSystemReference()],
        ['PlatformGUID', profile.platformGuid],
      ]),
  },
  {
    ...cls(PREFIX_CIM, 'CIM_Chassis'),
    declaresCommon: true,
    itemNamespace: `${PREFIX_CIM}CIM_Chassis`,
    instances: ({ profile }) =>
      single('CIM_Chassis', [
        ['ChassisPackageType', 0],
        ['CreationClassName', 'CIM_Chassis'],
        ['ElementName', 'Managed System Chassis'],
        ['Manufacturer', profile.chassis.manufacturer],
        ['Model', profile.chassis.model],
        ['OperationalStatus', 0],
        ['PackageType', 3],
        ['SerialNumber', profile.chassis.serialNumber],
        ['Tag', 'CIM_Chassis'],
        ['Version', profile.chassis.version],
      ]),
  },
  {
    ...cls(PREFIX_CIM, 'CIM_Card'),
    declaresCommon: true,
    itemNamespace: `${PREFIX_CIM}CIM_Card`,
    instances: ({ profile }) =>
      single('CIM_Card', [
        ['CanBeFRUed', 'true'],
        ['CreationClassName', 'CIM_Card'],
        ['ElementName', 'Managed System Base Board'],
        ['Manufacturer', profile.baseboard.manufacturer],
        ['Model', profile.baseboard.model],
        ['OperationalStatus', 0],
        ['PackageType', 9],
        ['SerialNumber', profile.baseboard.serialNumber],
        ['Tag', 'CIM_Card'],
        ['Version', profile.baseboard.version],
      ]),
  },
  {
    ...cls(PREFIX_CIM, 'CIM_BIOSElement'),
    declaresCommon: true,
    itemNamespace: `${PREFIX_CIM}CIM_BIOSElement`,
    instances: ({ profile }, commonPrefix) =>
      single('CIM_BIOSElement', [
        ['ElementName', 'Primary BIOS'],
        ['Manufacturer', profile.bios.manufacturer],
        ['Name', 'Primary BIOS'],
        ['OperationalStatus', 0],
        ['PrimaryBIOS', 'true'],
        ['ReleaseDate', { xml: element(commonPrefix, 'Datetime', profile.bios.releaseDate) }],
        ['SoftwareElementID', profile.bios.version],
        ['SoftwareElementState', 2],
        ['TargetOperatingSystem', 66],
        ['Version', profile.bios.version],
      ]),
  },
  {
    ...cls(PREFIX_CIM, 'CIM_Processor'),
    declaresCommon: true,
    itemNamespace: `${PREFIX_CIM}CIM_Processor`,
    instances: ({ profile }) =>
      profile.processors.map((cpu, i) => ({
        className: 'CIM_Processor',
        properties: [
          ['CPUStatus', 1],
          ['CreationClassName', 'CIM_Processor'],
          ['CurrentClockSpeed', cpu.currentClockMhz],
          ['DeviceID', `CPU ${i}`],
          ['ElementName', 'Managed System CPU'],
          ['EnabledState', 2],
          ['ExternalBusClockSpeed', 100],
          ['Family', cpu.family],
          ['HealthState', 0],
          ['MaxClockSpeed', cpu.maxClockMhz],
          ['OperationalStatus', 0],
          ['OtherFamilyDescription', ''],
          ['RequestedState', 12],
          ['Role', 'Central'],
          ['Stepping', cpu.stepping],
          ['SystemCreationClassName', 'CIM_ComputerSystem'],
          ['SystemName', 'ManagedSystem'],
          ['UpgradeMethod', 52],
        ],
      })),
  },
  {
    ...cls(PREFIX_CIM, 'CIM_PhysicalMemory'),
    declaresCommon: true,
    itemNamespace: `${PREFIX_CIM}CIM_PhysicalMemory`,
    instances: ({ profile }) =>
      profile.dimms.map((d) => ({
        className: 'CIM_PhysicalMemory',
        properties: [
          ['BankLabel', d.bankLabel],
          ['Capacity', d.capacityBytes],
          ['ConfiguredMemoryClockSpeed', d.speedMhz],
          ['CreationClassName', 'CIM_PhysicalMemory'],
          ['ElementName', 'Managed System Memory Chip'],
          ['FormFactor', 13],
          ['IsSpeedInMhz', 'true'],
          ['Manufacturer', d.manufacturer],
          ['MaxMemorySpeed', d.speedMhz],
          ['MemoryType', 26],
          ['PartNumber', d.partNumber],
          ['SerialNumber', d.serialNumber],
          ['Speed', 0],
          ['Tag', d.tag],
        ],
      })),
  },
  {
    ...cls(PREFIX_AMT, 'AMT_SetupAndConfigurationService'),
    declaresCommon: true,
    itemNamespace: `${PREFIX_AMT}AMT_SetupAndConfigurationService`,
    instances: () =>
      single('AMT_SetupAndConfigurationService', [
        ['CreationClassName', 'AMT_SetupAndConfigurationService'],
        ['ElementName', 'Intel(r) AMT Setup and Configuration Service'],
        ['EnabledState', 5],
        ['Name', 'Intel(r) AMT Setup and Configuration Service'],
        ['PasswordModel', 1],
        ['ProvisioningMode', 1],
        ['ProvisioningServerOTP', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='],
        ['ProvisioningState', 2],
        ['RequestedState', 12],
        ['SystemCreationClassName', 'CIM_ComputerSystem'],
        ['SystemName', AMT_SYSTEM],
        ['ZeroTouchConfigurationEnabled', 'true'],
      ]),
  },
  {
    ...cls(PREFIX_AMT, 'AMT_RedirectionService'),
    declaresCommon: true,
    itemNamespace: `${PREFIX_AMT}AMT_RedirectionService`,
    instances: ({ redirection }) =>
      single('AMT_RedirectionService', [
        ['CreationClassName', 'AMT_RedirectionService'],
        ['ElementName', 'Intel(r) AMT Redirection Service'],
        ['EnabledState', redirection.enabledState],
        ['ListenerEnabled', bool(redirection.listenerEnabled)],
        ['Name', 'Intel(r) AMT Redirection Service'],
        ['SystemCreationClassName', 'CIM_ComputerSystem'],
        ['SystemName', AMT_SYSTEM],
      ]),
    methods: {
      RequestStateChange: ({ redirection }, input) =>
        redirection.requestRedirectionState(parseIntArg(input['RequestedState'])) ? 0 : RETURN_INVALID_PARAMETER,
    },
    put: ({ redirection }, fields) => {
      const listener = fields.get('ListenerEnabled');
      if (listener !== undefined && listener !== 'true' && listener !== 'false')
        return { ok: false, reason: 'ListenerEnabled must be true or false' };
      if (listener !== undefined) redirection.setListenerEnabled(listener === 'true');
      return PUT_OK;
    },
  },
  {
    ...cls(PREFIX_CIM, 'CIM_KVMRedirectionSAP'),
    declaresCommon: true,
    itemNamespace: `${PREFIX_CIM}CIM_KVMRedirectionSAP`,
    instances: ({ redirection }) =>
      single('CIM_KVMRedirectionSAP', [
        ['CreationClassName', 'CIM_KVMRedirectionSAP'],
        ['ElementName', 'KVM Redirection Service Access Point'],
        ['EnabledState', redirection.kvmEnabledState],
        ['KVMProtocol', 4],
        ['Name', 'KVM Redirection Service Access Point'],
        ['RequestedState', redirection.kvmRequestedState],
        ['SystemCreationClassName', 'CIM_ComputerSystem'],
        ['SystemName', 'ManagedSystem'],
      ]),
    methods: {
      RequestStateChange: ({ redirection }, input) =>
        redirection.requestKvmState(parseIntArg(input['RequestedState'])) ? 0 : RETURN_INVALID_PARAMETER,
    },
  },
  {
    ...cls(PREFIX_IPS, 'IPS_OptInService'),
    declaresCommon: true,
    itemNamespace: `${PREFIX_IPS}IPS_OptInService`,
    instances: ({ redirection }) =>
      single('IPS_OptInService', [
        ['CanModifyOptInPolicy', 1],
        ['CreationClassName', 'IPS_OptInService'],
        ['ElementName', 'Intel(r) AMT OptIn Service'],
        ['Name', 'Intel(r) AMT OptIn Service'],
        ['OptInCodeTimeout', redirection.codeTimeoutSec],
        ['OptInDisplayTimeout', 300],
        ['OptInRequired', redirection.optInRequired],
        ['OptInState', redirection.optInState],
        ['SystemCreationClassName', 'CIM_ComputerSystem'],
        ['SystemName', AMT_SYSTEM],
      ]),
    methods: {
      StartOptIn: ({ redirection }) => (redirection.startOptIn() ? 0 : RETURN_OPT_IN_FAILED),
      SendOptInCode: ({ redirection }, input) =>
        redirection.sendOptInCode(parseIntArg(input['OptInCode'])) ? 0 : RETURN_OPT_IN_FAILED,
      CancelOptIn: ({ redirection }) => {
        redirection.cancelOptIn();
        return 0;
      },
    },
    put: ({ redirection }, fields) => {
      const required = fields.get('OptInRequired');
      if (required !== undefined && !redirection.setOptInRequired(parseIntArg(required)))
        return { ok: false, reason: 'unsupported OptInRequired' };
      return PUT_OK;
    },
  },
  storageService,
];

export const CLASS_BY_URI: ReadonlyMap<string, ClassDefinition> = new Map(CLASS_CATALOG.map((c) => [c.resourceUri, c]));
