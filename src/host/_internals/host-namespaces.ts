// Import namespaces and names the kegs host provides. The kernel list is
// @extism/extism 1.0.3's CallContext env plus the functions kegcheck adds
// because 1.0.3 lacks them (log_trace, get_log_level, http_headers).

export const EXTISM_KERNEL = 'extism:host/env';
export const KEGS_USER = 'extism:host/user';
export const WASI_PREVIEW1 = 'wasi_snapshot_preview1';

export const KERNEL_FUNCTIONS: ReadonlySet<string> = new Set([
  'alloc', 'free', 'load_u8', 'load_u64', 'store_u8', 'store_u64',
  'input_offset', 'input_length', 'input_load_u8', 'input_load_u64',
  'output_set', 'error_set', 'config_get', 'var_get', 'var_set',
  'http_request', 'http_status_code', 'http_headers', 'length', 'length_unsafe',
  'log_warn', 'log_info', 'log_debug', 'log_error', 'log_trace', 'get_log_level',
]);

export const KEGS_FUNCTIONS: ReadonlySet<string> = new Set(['keg_get_static_resource', 'keg_print', 'keg_log']);

// node:wasi's preview1 import object (Node 20), listed here so that checking
// imports never instantiates WASI (which prints an ExperimentalWarning).
export const WASI_FUNCTIONS: ReadonlySet<string> = new Set([
  'args_get', 'args_sizes_get', 'clock_res_get', 'clock_time_get', 'environ_get', 'environ_sizes_get',
  'fd_advise', 'fd_allocate', 'fd_close', 'fd_datasync', 'fd_fdstat_get', 'fd_fdstat_set_flags',
  'fd_fdstat_set_rights', 'fd_filestat_get', 'fd_filestat_set_size', 'fd_filestat_set_times', 'fd_pread',
  'fd_prestat_get', 'fd_prestat_dir_name', 'fd_pwrite', 'fd_read', 'fd_readdir', 'fd_renumber', 'fd_seek',
  'fd_sync', 'fd_tell', 'fd_write', 'path_create_directory', 'path_filestat_get', 'path_filestat_set_times',
  'path_link', 'path_open', 'path_readlink', 'path_remove_directory', 'path_rename', 'path_symlink',
  'path_unlink_file', 'poll_oneoff', 'proc_exit', 'proc_raise', 'random_get', 'sched_yield', 'sock_accept',
  'sock_recv', 'sock_send', 'sock_shutdown',
]);
