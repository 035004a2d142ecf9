/**
 * Finding a WebGPU device, in a browser (navigator.gpu) or in Node (the `webgpu` package: Dawn),
 * through the same code. Hardware adapters are preferred; a software adapter (Mesa llvmpipe under
 * Dawn's OpenGL backend, SwiftShader) is used only when the caller allows it, since it is slower than
 * the CPU backends and exists for testing.
 */
export interface AcquiredDevice {
  /** The opened device every buffer and pipeline of the backend is made on. */
  device: GPUDevice;
  /** Vendor, architecture and device of the adapter, `(software)` appended for a software one, for the backend's description. */
  adapterName: string;
  /** True for a software adapter (llvmpipe, SwiftShader): correct but slower than the CPU backends. */
  software: boolean;
  /** Keeps Dawn's GPU object alive in Node (dropping it early can tear the device down). */
  keepAlive: unknown;
}

import { importOptional, MissingPackageError, type PackageImporter } from '../optional-package.js';

const SOFTWARE_NAMES = /llvmpipe|lavapipe|softpipe|swiftshader|mesa|microsoft basic render/i;

function describe(adapter: GPUAdapter): string {
  const info = adapter.info;
  return [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ') || 'unknown adapter';
}

function isSoftware(adapter: GPUAdapter): boolean {
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  return info.isFallbackAdapter === true || SOFTWARE_NAMES.test(describe(adapter));
}

async function openDevice(adapter: GPUAdapter): Promise<GPUDevice> {
  // Without these, a compatibility-mode device allows only 128 invocations (and 128 per dimension) per workgroup.
  const l = adapter.limits;
  return adapter.requestDevice({
    requiredLimits: {
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
      maxComputeWorkgroupSizeY: l.maxComputeWorkgroupSizeY,
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
      maxBufferSize: l.maxBufferSize,
    },
  });
}

const INSTALL_HINT =
  'In Node, gangrad uses the `webgpu` package (Dawn): a hardware adapter needs a GPU with Vulkan drivers ' +
  '(libvulkan1 and the vendor ICD); the software adapter needs Mesa (apt install libegl1 libgl1-mesa-dri, ' +
  'a libEGL.so symlink) and EGL_PLATFORM=surfaceless. In a browser, WebGPU must be enabled (Chrome ≥ 113).';

/** The best WebGPU device here, or an error that says why there is none and what to install. */
export async function acquireDevice(options: { allowSoftware: boolean; importPackage?: PackageImporter }): Promise<AcquiredDevice> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  // Outside Node only navigator.gpu can serve: the `webgpu` package (Dawn) is Node's.
  if (nav?.gpu || !(globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node) {
    const adapter = await nav?.gpu?.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) throw new Error(`gangrad webgpu: no adapter from navigator.gpu. ${INSTALL_HINT}`);
    if (isSoftware(adapter) && !options.allowSoftware) throw new Error(`gangrad webgpu: only a software adapter (${describe(adapter)}) is available`);
    return { device: await openDevice(adapter), adapterName: describe(adapter), software: isSoftware(adapter), keepAlive: null };
  }
  let dawn: typeof import('webgpu');
  try {
    dawn = await importOptional<typeof import('webgpu')>('webgpu', 'webgpu', options.importPackage);
  } catch (e) {
    if (e instanceof MissingPackageError) throw e;
    throw new Error(`gangrad webgpu: no navigator.gpu and the 'webgpu' package failed to load (${(e as Error).message}). ${INSTALL_HINT}`);
  }
  Object.assign(globalThis, dawn.globals);
  const hardwareGpu = dawn.create([]);
  const hardware = await hardwareGpu.requestAdapter({ powerPreference: 'high-performance' });
  if (hardware && !isSoftware(hardware)) {
    return { device: await openDevice(hardware), adapterName: describe(hardware), software: false, keepAlive: hardwareGpu };
  }
  if (!options.allowSoftware) {
    throw new Error(`gangrad webgpu: no hardware WebGPU adapter found${hardware ? ` (only ${describe(hardware)})` : ''}. ${INSTALL_HINT}`);
  }
  const softwareGpu = dawn.create(['backend=opengl']);
  const software = await softwareGpu.requestAdapter({ featureLevel: 'compatibility' } as GPURequestAdapterOptions);
  if (!software) {
    const egl = process.env.EGL_PLATFORM === 'surfaceless' ? '' : ' (EGL_PLATFORM=surfaceless is not set)';
    throw new Error(`gangrad webgpu: no WebGPU adapter at all, hardware or software${egl}. ${INSTALL_HINT}`);
  }
  return { device: await openDevice(software), adapterName: `${describe(software)} (software)`, software: true, keepAlive: softwareGpu };
}
